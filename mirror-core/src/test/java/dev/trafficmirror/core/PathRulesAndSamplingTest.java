package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.OutcomeKind;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The path rules on normalised paths, bad paths counted, and keyed sticky sampling, through a real
 * {@link Mirror}.
 */
class PathRulesAndSamplingTest {
  private static final String SEED = "7f3a9c1e5b2d4f60a8e1c3b5d7f9e2a4";
  private final List<Mirror> mirrors = new ArrayList<>();

  @AfterEach
  void close() {
    mirrors.forEach(Mirror::close);
  }

  private Mirror mirror(MirrorConfig.Builder config, TestTargets.Collecting listener) {
    Mirror mirror =
        Mirror.builder()
            .config(config.build())
            .target("v2", new TestTargets.Recording())
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    mirrors.add(mirror);
    return mirror;
  }

  private Mirror sticky(@Nullable String seed, double rate) {
    MirrorConfig.Builder config = MirrorConfig.builder().sampleKey("X-User").sampleRate(rate);
    if (seed != null) {
      config.sampleSeed(seed);
    }
    return mirror(config, new TestTargets.Collecting());
  }

  private static HeaderLookup user(String id) {
    return name -> name.equalsIgnoreCase("X-User") ? id : null;
  }

  @Test
  void excludedPath_isExcludedHoweverItIsSpelt_andCountsNothing() {
    TestTargets.Collecting listener = new TestTargets.Collecting();
    Mirror mirror = mirror(MirrorConfig.builder().exclude(List.of("/predict/admin/**")), listener);
    for (String path :
        List.of(
            "/predict/admin/x",
            "/predict/%61dmin/x",
            "/predict//admin/x",
            "/predict/./admin/x",
            "/predict/x/../admin/x",
            "/predict/admin;jsessionid=1/x",
            "/predict/%2E/admin/x")) {
      assertThat(mirror.adapterProtocol().shouldMirror("GET", path, name -> null))
          .as(path)
          .isFalse();
    }
    assertThat(mirror.adapterProtocol().shouldMirror("GET", "/predict/%61dmit/x", name -> null))
        .isTrue();
    assertThat(mirror.outcomeCounts().total("v2")).isZero();
  }

  @Test
  void sampledBadPath_isNotMirrored_andCountedAsSkippedBadPath_withItsRoute() {
    TestTargets.Collecting listener = new TestTargets.Collecting();
    Mirror mirror = mirror(MirrorConfig.builder().methods(List.of("GET")), listener);
    List<String> bad = List.of("/a%2Fb", "/../etc/passwd", "/a%zz", "/a%00");
    for (String path : bad) {
      assertThat(mirror.adapterProtocol().shouldMirror("GET", path, name -> null))
          .as(path)
          .isFalse();
    }
    // Not sampled (method, loop marker): counts nothing.
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/a%2Fb", name -> null)).isFalse();
    assertThat(
            mirror
                .adapterProtocol()
                .shouldMirror(
                    "GET", "/a%2Fb", name -> name.equalsIgnoreCase("X-Mirror-Id") ? "x" : null))
        .isFalse();

    await().until(() -> listener.outcomes.size() == bad.size());
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.SKIPPED_BAD_PATH))
        .isEqualTo(bad.size());
    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(bad.size());
    assertThat(listener.outcomes)
        .extracting(o -> o.request().path())
        .containsExactlyInAnyOrderElementsOf(bad);
    TargetStatistics stats = mirror.statistics().targets().get(0);
    assertThat(stats.sampled()).isEqualTo(bad.size());
    assertThat(stats.skipped()).isEqualTo(bad.size());
    assertThat(stats.routes()).extracting(RouteStatistics::route).containsExactly("GET <bad path>");
  }

  @Test
  void routeStatistics_useTheNormalisedPath() {
    TestTargets.Collecting listener = new TestTargets.Collecting();
    Mirror mirror = mirror(MirrorConfig.builder().methods(List.of("POST")), listener);
    for (String path :
        List.of("/predict/iris", "/predict/%69ris", "/predict//iris;v=1", "/predict/x/../iris")) {
      assertThat(mirror.adapterProtocol().shouldMirror("POST", path, name -> null))
          .as(path)
          .isTrue();
      mirror.adapterProtocol().submit(TestTargets.request(path, "{}"), TestTargets.production());
    }
    await().until(() -> mirror.outcomeCounts().total("v2") == 4);
    assertThat(mirror.statistics().targets().get(0).routes())
        .singleElement()
        .satisfies(r -> assertThat(r.route()).isEqualTo("POST /predict/iris"))
        .satisfies(r -> assertThat(r.sampled()).isEqualTo(4));
  }

  @Test
  void sameSeed_twoMirrorsAgree_otherSeedsDisagreeOnSomeKeys_rateHonoured() {
    Mirror a = sticky(SEED, 0.1);
    Mirror b = sticky(SEED, 0.1);
    Mirror other = sticky("another-deployment-seed-0001", 0.1);
    Mirror random = sticky(null, 0.1);
    int n = 10_000;
    int inA = 0;
    int disagreeOther = 0;
    int disagreeRandom = 0;
    for (int i = 0; i < n; i++) {
      HeaderLookup h = user("user-" + i);
      boolean sampled = a.adapterProtocol().shouldMirror("GET", "/p", h);
      assertThat(b.adapterProtocol().shouldMirror("GET", "/p", h))
          .as("user-%s", i)
          .isEqualTo(sampled);
      assertThat(a.adapterProtocol().shouldMirror("GET", "/p", h)).as("sticky").isEqualTo(sampled);
      inA += sampled ? 1 : 0;
      disagreeOther += sampled != other.adapterProtocol().shouldMirror("GET", "/p", h) ? 1 : 0;
      disagreeRandom += sampled != random.adapterProtocol().shouldMirror("GET", "/p", h) ? 1 : 0;
    }
    // Binomial(10000, 0.1): sd = 30; 6 sd either side cannot fail by chance in practice.
    assertThat(inA).isBetween(1000 - 180, 1000 + 180);
    // Independent seeds disagree on about 2 * 0.1 * 0.9 = 18 % of the keys.
    assertThat(disagreeOther).isBetween(1800 - 240, 1800 + 240);
    assertThat(disagreeRandom).isBetween(1800 - 240, 1800 + 240);
  }

  @Test
  void sampleSeed_isValidated_withoutEverShowingIt() {
    assertThatThrownBy(() -> MirrorConfig.builder().sampleSeed("short-secret"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("mirror.sample-seed")
        .hasMessageContaining("16 to 1024 characters")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(
            () -> MirrorConfig.fromProperties(Map.of("mirror.sample-seed", "tiny-secret")))
        .hasMessageNotContaining("tiny-secret");
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of("mirror.sample-sead", "a-long-enough-secret-value")))
        .hasMessageContaining("mirror.sample-sead")
        .hasMessageContaining("did you mean mirror.sample-seed?")
        .hasMessageNotContaining("a-long-enough-secret-value");
    MirrorConfig config =
        MirrorConfig.fromProperties(Map.of("mirror.sample-seed", " " + SEED + " "));
    assertThat(config.sampleSeed()).isEqualTo(SEED);
    assertThat(config.toString()).doesNotContain(SEED);
    assertThat(config.toBuilder().build().sampleSeed()).isEqualTo(SEED);
    assertThat(MirrorConfig.fromProperties(Map.of("mirror.sample-seed", " ")).sampleSeed())
        .isNull();
  }

  @Test
  void badPathOutcome_isAPlainSkip() {
    assertThat(OutcomeKind.SKIPPED_BAD_PATH.notSent()).isTrue();
    assertThat(OutcomeKind.SKIPPED_BAD_PATH.label()).isEqualTo("skipped_bad_path");
  }
}
