/**
 * What the mirror reports: statistics per target and route, differences by path with the noise
 * baseline, recent mismatches with curl lines and the outcome log. The status page that shows them
 * is in {@code dev.trafficmirror.core.status}.
 *
 * <p>Internal: not exported by the module, and anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.core.internal.report;

import org.jspecify.annotations.NullMarked;
