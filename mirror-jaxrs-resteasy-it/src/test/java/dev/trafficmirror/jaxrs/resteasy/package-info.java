/** The JAX-RS feature's integration suite, run on RESTEasy 6.2 in embedded Jetty 12 ee10. */
@NullMarked
package dev.trafficmirror.jaxrs.resteasy;

import org.jspecify.annotations.NullMarked;
