/** The servlet filter's integration suites, run on embedded Tomcat. */
@NullMarked
package dev.trafficmirror.servlet.tomcat;

import org.jspecify.annotations.NullMarked;
