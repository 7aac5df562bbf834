/** The servlet filter's integration suites, run on embedded Jetty. */
@NullMarked
package dev.trafficmirror.servlet.jetty;

import org.jspecify.annotations.NullMarked;
