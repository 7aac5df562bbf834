/**
 * Implementation details of mirror-core. Not part of the API: anything here may change or go in
 * any release, and nothing here appears in a public signature of another package.
 */
@NullMarked
package dev.trafficmirror.core.internal;

import org.jspecify.annotations.NullMarked;
