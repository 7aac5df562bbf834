/** The JAX-RS feature's integration suite, run on Jersey 3.1 in embedded Jetty 12 ee10. */
@NullMarked
package dev.trafficmirror.jaxrs.jetty;

import org.jspecify.annotations.NullMarked;
