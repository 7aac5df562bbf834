/**
 * The JAX-RS capture: request filter, response filter and writer interceptor, and the per-request
 * exchange they share. Not part of the API; may change without notice.
 */
@NullMarked
package dev.trafficmirror.jaxrs.internal;

import org.jspecify.annotations.NullMarked;
