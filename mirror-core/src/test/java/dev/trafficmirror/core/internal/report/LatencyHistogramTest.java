package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void bucketBounds_areMonotonicAndContainTheirValues() {
    long previous = -1;
    for (int i = 0; i < 300; i++) {
      long low = LatencyHistogram.lowerBound(i);
      assertThat(low).isGreaterThan(previous);
      assertThat(LatencyHistogram.index(low)).isEqualTo(i);
      previous = low;
    }
    for (long v : new long[] {0, 1, 7, 8, 9, 15, 16, 1000, 123_456, 9_999_999}) {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.lowerBound(i)).isLessThanOrEqualTo(v);
      assertThat(LatencyHistogram.lowerBound(i + 1)).isGreaterThan(v);
    }
  }

  @Test
  void percentiles_areWithinBucketResolution() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.percentile(0.5)).isNull();
    for (int ms = 1; ms <= 1000; ms++) {
      h.record(Duration.ofMillis(ms));
    }
    assertThat(h.count()).isEqualTo(1000);
    assertThat(h.percentile(0.5).toNanos() / 1e6).isCloseTo(500, within(500 * 0.13));
    assertThat(h.percentile(0.9).toNanos() / 1e6).isCloseTo(900, within(900 * 0.13));
    assertThat(h.percentile(0.99).toNanos() / 1e6).isCloseTo(990, within(990 * 0.13));
  }
}
