package dev.trafficmirror.core.internal.report;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * A lock-free histogram of durations in microseconds with about 12% resolution: each power of two
 * is split into eight buckets. Fixed size (a few KB), so it never grows with traffic. Thread-safe;
 * percentiles read while writers run are approximate, as any live statistic is.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;

  /** Up to 2^40 us (about 12 days); larger values land in the last bucket. */
  private static final int BUCKETS = (40 - SUB_BITS + 2) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Records one duration; negative ones count as zero. */
  public void record(Duration duration) {
    long micros = Math.max(0, duration.toNanos() / 1000);
    counts.incrementAndGet(Math.min(BUCKETS - 1, index(micros)));
  }

  static int index(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  /** Returns the lowest value, in microseconds, that falls in bucket {@code index}. */
  static long lowerBound(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    int sub = index % SUB;
    return (long) (SUB + sub) << (exponent - SUB_BITS);
  }

  /** Returns how many durations were recorded. */
  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * Returns the {@code quantile} (0..1) as the middle of its bucket, or null when nothing was
   * recorded.
   */
  public @Nullable Duration percentile(double quantile) {
    long[] snapshot = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        long low = lowerBound(i);
        long high = i + 1 < BUCKETS ? lowerBound(i + 1) : low;
        return Duration.ofNanos((low + (high - low) / 2) * 1000);
      }
    }
    return null;
  }
}
