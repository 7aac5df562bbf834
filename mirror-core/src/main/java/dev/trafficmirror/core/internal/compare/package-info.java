/**
 * Comparison of a shadow's answer with production's: headers by rule, bodies decoded within limits,
 * JSON walked with tolerances, ignored and unordered paths.
 *
 * <p>Internal: not exported by the module, and anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.core.internal.compare;

import org.jspecify.annotations.NullMarked;
