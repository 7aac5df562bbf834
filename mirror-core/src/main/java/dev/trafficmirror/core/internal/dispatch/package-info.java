/**
 * The engine's dispatch: a target's queue, workers and calls in flight, the byte budget, deadlines
 * and connect back-off, and the recording of every outcome (counters, spans, listeners).
 *
 * <p>Internal: not exported by the module, and anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.core.internal.dispatch;

import org.jspecify.annotations.NullMarked;
