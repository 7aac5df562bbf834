/**
 * The protocol-neutral capture of one mirrored request, shared by every adapter (servlet filter,
 * JAX-RS feature, and future ones): the {@link dev.trafficmirror.core.capture.CaptureSession} with
 * its exactly-once hand-over, the request's {@link dev.trafficmirror.core.capture.RequestView},
 * bounded growable buffers, the mapping of how a body ended to a skip reason, header copying,
 * content-type tests, and the one guard through which capture failures are logged. An adapter keeps
 * only what its web API forces on it (wrappers, interceptors) and feeds this package.
 */
@NullMarked
package dev.trafficmirror.core.capture;

import org.jspecify.annotations.NullMarked;
