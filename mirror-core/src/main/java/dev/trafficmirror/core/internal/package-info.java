/**
 * Internals of the engine. Not part of the API: anything here may change in any release.
 */
@NullMarked
package dev.trafficmirror.core.internal;

import org.jspecify.annotations.NullMarked;
