package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.MinuteStatistics;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-minute series, driven by the outcomes' own times instead of waiting. */
class MinuteSeriesTest {
  private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

  private static MirrorOutcome outcome(OutcomeKind kind, Instant at, int productionMillis) {
    MirrorOutcome.Builder b =
        MirrorOutcome.builder("v2", kind, MirroredRequest.builder("GET", "/").build())
            .finishedAt(at)
            .production(
                ProductionResponse.builder(200)
                    .duration(Duration.ofMillis(productionMillis))
                    .build());
    if (kind.shadowAnswered()) {
      b.shadowDuration(Duration.ofMillis(2 * productionMillis));
    }
    if (kind == OutcomeKind.MATCH || kind == OutcomeKind.MISMATCH) {
      b.comparison(
          kind == OutcomeKind.MATCH
              ? Comparison.match()
              : Comparison.of(List.of(Difference.of("/a", "1", "2")), 1));
    }
    return b.build();
  }

  @Test
  void minutes_countAgreementErrorsAndP99_oldestFirst() {
    MinuteSeries series = new MinuteSeries();
    for (int i = 0; i < 10; i++) {
      series.record(
          outcome(i < 8 ? OutcomeKind.MATCH : OutcomeKind.MISMATCH, T0.plusSeconds(i), 10), i < 9);
    }
    series.record(outcome(OutcomeKind.SHADOW_TIMEOUT, T0.plusSeconds(70), 40), false);
    series.record(outcome(OutcomeKind.MATCH, T0.plusSeconds(75), 40), true);

    List<MinuteStatistics> minutes = series.snapshot(T0.plusSeconds(90));

    assertThat(minutes).hasSize(2);
    MinuteStatistics first = minutes.get(0);
    assertThat(first.minute()).isEqualTo(T0);
    assertThat(first.sampled()).isEqualTo(10);
    assertThat(first.agreementRate()).isEqualTo(0.8);
    assertThat(first.agreementRateExcludingNoise()).isEqualTo(0.9);
    assertThat(first.productionP99().toMillis()).isBetween(9L, 11L);
    assertThat(first.shadowP99().toMillis()).isBetween(18L, 22L);
    MinuteStatistics second = minutes.get(1);
    assertThat(second.minute()).isEqualTo(T0.plusSeconds(60));
    assertThat(second.sampled()).isEqualTo(2);
    assertThat(second.shadowErrors()).isEqualTo(1);
    assertThat(second.agreementRate()).isEqualTo(1.0);
  }

  @Test
  void series_keepsTheLastHourOnly_reusingItsSlots() {
    MinuteSeries series = new MinuteSeries();
    for (int m = 0; m < 90; m++) {
      series.record(outcome(OutcomeKind.MATCH, T0.plusSeconds(60L * m), 1), true);
    }
    series.record(outcome(OutcomeKind.MATCH, T0, 1), true); // Older than the ring holds: ignored.

    List<MinuteStatistics> minutes = series.snapshot(T0.plusSeconds(60L * 89));

    assertThat(minutes).hasSize(MinuteSeries.MINUTES);
    assertThat(minutes.get(0).minute()).isEqualTo(T0.plusSeconds(60L * 30));
    assertThat(minutes).allMatch(m -> m.sampled() == 1);
    assertThat(series.snapshot(T0.plusSeconds(60L * 200))).isEmpty();
  }
}
