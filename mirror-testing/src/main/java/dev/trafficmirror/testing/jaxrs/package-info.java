/**
 * The integration suite of the JAX-RS feature, written once as an abstract class and run on each
 * JAX-RS runtime by a small subclass that starts an application ({@link
 * dev.trafficmirror.testing.jaxrs.JaxrsMirrorSuite}), with the resources, providers and recording
 * target it uses. Needs the Jakarta REST API only: the runtime under test brings it.
 */
@NullMarked
package dev.trafficmirror.testing.jaxrs;

import org.jspecify.annotations.NullMarked;
