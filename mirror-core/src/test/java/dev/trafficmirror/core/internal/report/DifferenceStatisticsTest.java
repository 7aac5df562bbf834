package dev.trafficmirror.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Differences by path, their bounds, numeric drift and the noise rule. */
class DifferenceStatisticsTest {
  private static MirrorOutcome compared(String target, String path, Difference... differences) {
    Comparison c = Comparison.of(List.of(differences), differences.length);
    return MirrorOutcome.builder(
            target,
            c.matches() ? OutcomeKind.MATCH : OutcomeKind.MISMATCH,
            MirroredRequest.builder("POST", path).build())
        .comparison(c)
        .build();
  }

  @Test
  void pathKeys_generaliseIndicesIntoRecords_keepPositionalScalars() {
    assertThat(PathKeys.of(Difference.of("/items/3/price", "1", "2"))).isEqualTo("/items/*/price");
    assertThat(PathKeys.of(Difference.of("/scores/2", "0.1", "0.2"))).isEqualTo("/scores/2");
    assertThat(PathKeys.of(Difference.of("/items/7", "{\"a\":1}", null))).isEqualTo("/items/*");
    assertThat(PathKeys.of(Difference.of("/007/x", "1", "2")))
        .as("not an index")
        .isEqualTo("/007/x");
    assertThat(PathKeys.of(Difference.of("header:Content-Type", "a", "b")))
        .isEqualTo("header:content-type");
    assertThat(PathKeys.of(Difference.of("status", "200", "500"))).isEqualTo("status");
    assertThat(PathKeys.of(Difference.of("", "1", "[]"))).isEqualTo("");
  }

  @Test
  void rows_countRateExamplesAndDrift_sortedByRate() {
    DifferenceStatistics stats = new DifferenceStatistics(List.of("v2"), null, 10);
    for (int i = 0; i < 100; i++) {
      Difference score = Difference.of("/scores/0", "0.5", String.valueOf(0.5 + (i + 1) / 1000.0));
      stats.record(
          i % 4 == 0
              ? compared("v2", "/p", score, Difference.of("/label", "\"a\"", "\"b\""))
              : compared("v2", "/p", score));
    }
    stats.record(compared("v2", "/p"));

    List<PathDifference> rows = stats.rows("v2");
    assertThat(rows).extracting(PathDifference::path).containsExactly("/scores/0", "/label");
    PathDifference score = rows.get(0);
    assertThat(score.route()).isEqualTo("POST /p");
    assertThat(score.count()).isEqualTo(100);
    assertThat(score.rate()).isCloseTo(100 / 101.0, within(1e-9));
    assertThat(score.noise()).as("no baseline").isNull();
    assertThat(score.examples())
        .hasSize(3)
        .last()
        .isEqualTo(new PathDifference.Example("0.5", "0.6"));
    // |delta| runs 0.001..0.1 evenly: p50 ~0.05, p99 ~0.099, within the histogram's 12 %.
    assertThat(score.drift().count()).isEqualTo(100);
    assertThat(score.drift().p50()).isCloseTo(0.05, within(0.05 * 0.13));
    assertThat(score.drift().p99()).isCloseTo(0.099, within(0.099 * 0.13));
    assertThat(rows.get(1).drift()).as("strings have no drift").isNull();
    stats.record(compared("v2", "/r", Difference.of("/n", "1", "101")));
    assertThat(stats.rows("v2"))
        .filteredOn(r -> r.route().equals("POST /r"))
        .singleElement()
        .satisfies(r -> assertThat(r.drift().p50()).as("one value reads exactly").isEqualTo(100.0));
    stats.record(compared("v2", "/q", Difference.of("status", "400", "500")));
    assertThat(stats.rows("v2"))
        .filteredOn(r -> r.path().equals("status"))
        .singleElement()
        .extracting(PathDifference::drift)
        .as("a status is not a score")
        .isNull();
    assertThat(stats.agreementExcludingNoise("v2")).as("no baseline").isNaN();
  }

  @Test
  void paths_areBoundedPerRoute_restCountedAsOtherPaths() {
    DifferenceStatistics stats = new DifferenceStatistics(List.of("v2"), null, 10);
    for (int i = 0; i < RouteDifferences.MAX_PATHS + 10; i++) {
      stats.record(compared("v2", "/p", Difference.of("/k" + i, "1", "2")));
    }
    List<PathDifference> rows = stats.rows("v2");
    assertThat(rows).hasSize(RouteDifferences.MAX_PATHS + 1);
    assertThat(rows)
        .filteredOn(r -> r.path().equals(RouteDifferences.OTHER_PATHS))
        .singleElement()
        .extracting(PathDifference::count)
        .isEqualTo(10L);
  }

  @Test
  void routes_areBounded() {
    DifferenceStatistics stats = new DifferenceStatistics(List.of("v2"), null, 5);
    for (int i = 0; i < 200; i++) {
      stats.record(compared("v2", "/p/x" + i, Difference.of("/a", "1", "2")));
    }
    assertThat(stats.rows("v2").size()).isLessThanOrEqualTo(5);
  }

  @Test
  void noise_baselineRateComparable_isNoise_excessOverThresholds_isReal() {
    DifferenceStatistics stats = new DifferenceStatistics(List.of("base", "cand"), "base", 10);
    for (int i = 0; i < 100; i++) {
      // Baseline: /id always, /ts in 10 %. Candidate: /id always, /ts in 12 %, /label in 50 %.
      stats.record(
          i < 10
              ? compared(
                  "base", "/p", Difference.of("/id", "1", "2"), Difference.of("/ts", "1", "2"))
              : compared("base", "/p", Difference.of("/id", "1", "2")));
      List<Difference> d = new ArrayList<>(List.of(Difference.of("/id", "1", "2")));
      if (i < 12) {
        d.add(Difference.of("/ts", "1", "2"));
      }
      if (i % 2 == 0) {
        d.add(Difference.of("/label", "\"a\"", "\"b\""));
      }
      stats.record(compared("cand", "/p", d.toArray(Difference[]::new)));
    }
    assertThat(stats.rows("cand"))
        .extracting(PathDifference::path, PathDifference::noise)
        .containsExactlyInAnyOrder(
            Tuple.tuple("/id", true), Tuple.tuple("/label", false), Tuple.tuple("/ts", true));
    assertThat(stats.rows("base")).allMatch(r -> Boolean.TRUE.equals(r.noise()));
    assertThat(stats.agreementExcludingNoise("cand")).isCloseTo(0.5, within(1e-9));
    assertThat(stats.agreementExcludingNoise("base")).isNaN();
  }

  @Test
  void noiseRule_thresholds() {
    assertThat(NoiseRule.isNoise(1.0, 0, 0)).as("baseline never differed").isFalse();
    assertThat(NoiseRule.isNoise(1.0, 50, 0.98)).isTrue();
    assertThat(NoiseRule.isNoise(0.5, 10, 0.1)).as("excess 0.4").isFalse();
    assertThat(NoiseRule.isNoise(0.05, 1, 0.021)).as("excess within 3 points").isTrue();
    assertThat(NoiseRule.isNoise(0.9, 10, 0.75)).as("excess 0.15 is under 20 % of 0.9").isTrue();
  }
}
