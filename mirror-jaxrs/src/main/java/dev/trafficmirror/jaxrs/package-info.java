/**
 * Traffic Mirror for Jakarta REST (JAX-RS 3.1): register {@link
 * dev.trafficmirror.jaxrs.MirrorFeature} and, optionally, mark resource methods or classes with
 * {@link dev.trafficmirror.jaxrs.Mirrored}.
 */
@NullMarked
package dev.trafficmirror.jaxrs;

import org.jspecify.annotations.NullMarked;
