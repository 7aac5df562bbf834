package dev.trafficmirror.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Percentiles of a set of durations, read from a histogram with about 12% resolution. Immutable.
 *
 * @param count how many durations were recorded
 * @param p50 the median, or null when {@code count} is zero
 * @param p90 the 90th percentile, or null
 * @param p99 the 99th percentile, or null
 */
public record LatencySummary(
    long count, @Nullable Duration p50, @Nullable Duration p90, @Nullable Duration p99) {
  static final LatencySummary EMPTY = new LatencySummary(0, null, null, null);
}
