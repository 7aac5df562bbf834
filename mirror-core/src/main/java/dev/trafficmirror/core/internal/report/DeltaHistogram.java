package dev.trafficmirror.core.internal.report;

/**
 * A histogram of absolute numeric differences |production − shadow| on a logarithmic scale: ten
 * buckets per power of ten from 1e-12 to 1e12 (about 12% resolution), plus one for zero. Fixed size
 * (about 2 KB). Not thread-safe: its owner {@link PathStats} guards it.
 */
final class DeltaHistogram {
  private static final int MIN_EXPONENT = -12;
  private static final int DECADES = 24;
  private static final int PER_DECADE = 10;
  private static final int BUCKETS = DECADES * PER_DECADE + 1;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private double min = Double.POSITIVE_INFINITY;
  private double max;

  void record(double delta) {
    double abs = Math.abs(delta);
    if (Double.isNaN(abs)) {
      return;
    }
    counts[index(abs)]++;
    total++;
    min = Math.min(min, abs);
    max = Math.max(max, abs);
  }

  static int index(double abs) {
    if (abs == 0) {
      return 0;
    }
    double position = (Math.log10(abs) - MIN_EXPONENT) * PER_DECADE;
    return 1 + (int) Math.max(0, Math.min(BUCKETS - 2, Math.floor(position)));
  }

  /** Returns the geometric middle of bucket {@code index}. */
  static double middle(int index) {
    if (index == 0) {
      return 0;
    }
    return Math.pow(10, MIN_EXPONENT + (index - 1 + 0.5) / PER_DECADE);
  }

  long count() {
    return total;
  }

  /**
   * Returns the {@code quantile} (0..1) as the middle of its bucket, kept within the smallest and
   * largest value seen (so one repeated value reads exactly), or NaN when empty.
   */
  double percentile(double quantile) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.max(min, Math.min(max, middle(i)));
      }
    }
    return max;
  }
}
