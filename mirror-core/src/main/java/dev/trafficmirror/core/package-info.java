/**
 * The Traffic Mirror engine and its ready-made parts, such as the
 * {@link dev.trafficmirror.core.DefaultResponseComparator}.
 */
@NullMarked
package dev.trafficmirror.core;

import org.jspecify.annotations.NullMarked;
