/**
 * Which requests are mirrored and what they carry: method, path and sampling rules, and the header
 * policy.
 *
 * <p>Internal: not exported by the module, and anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.core.internal.rules;

import org.jspecify.annotations.NullMarked;
