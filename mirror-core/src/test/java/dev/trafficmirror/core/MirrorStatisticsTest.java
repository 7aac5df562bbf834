package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comparison, statistics, recent mismatches and the outcome log, through a real Mirror. */
class MirrorStatisticsTest {
  private static final Headers JSON =
      Headers.builder().add("Content-Type", "application/json").build();
  @TempDir Path dir;
  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
  }

  /** Production says class 0 with score 0.9; the shadow agrees within 1% except for inputs >= 8. */
  private static String production(int input) {
    return "{\"class\":0,\"score\":0.9,\"request_id\":\"p-" + input + "\"}";
  }

  private static ShadowResponse shadow(MirroredRequest request, Duration timeout) {
    int input = Integer.parseInt(request.body().toString(StandardCharsets.UTF_8));
    String body =
        input >= 8
            ? "{\"class\":1,\"score\":0.6,\"request_id\":\"s-" + input + "\"}"
            : "{\"class\":0,\"score\":0.905,\"request_id\":\"s-" + input + "\"}";
    return ShadowResponse.of(200, JSON, Body.of(body, StandardCharsets.UTF_8));
  }

  private void send(int input, String path) {
    MirroredRequest request =
        mirror
            .adapterProtocol()
            .newRequest("POST", path)
            .headers(JSON)
            .body(Body.of(String.valueOf(input), StandardCharsets.UTF_8))
            .build();
    mirror
        .adapterProtocol()
        .submit(
            request,
            ProductionResponse.builder(200)
                .headers(JSON)
                .body(Body.of(production(input), StandardCharsets.UTF_8))
                .duration(Duration.ofMillis(2))
                .build());
  }

  @Test
  void mismatches_areCountedStoredLoggedWithTolerancesAndIgnores() throws Exception {
    Path log = dir.resolve("outcomes.jsonl");
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets", "v2",
                        "mirror.methods", "POST",
                        "mirror.target.v2.type", "custom",
                        "mirror.compare.ignore", "/request_id",
                        "mirror.compare.tolerance", "1%",
                        "mirror.log.path", log.toString())))
            .target("v2", MirrorStatisticsTest::shadow)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 10; i++) {
      send(i, "/predict/" + (1000 + i));
    }

    await().until(() -> mirror.outcomeCounts().total("v2") == 10);
    await().until(() -> mirror.statistics().recentMismatches().size() == 2);
    MirrorStatistics stats = mirror.statistics();
    TargetStatistics v2 = stats.target("v2");
    assertThat(v2.count(OutcomeKind.MATCH)).isEqualTo(8);
    assertThat(v2.count(OutcomeKind.MISMATCH)).isEqualTo(2);
    assertThat(v2.agreementRate()).isEqualTo(0.8);
    assertThat(v2.sampled()).isEqualTo(10);
    assertThat(v2.sent()).isEqualTo(10);
    assertThat(v2.shadowErrorRate()).isZero();
    assertThat(v2.productionErrorRate()).isZero();
    assertThat(v2.production().count()).isEqualTo(10);
    assertThat(v2.production().p50()).isBetween(Duration.ofMillis(1), Duration.ofMillis(3));
    assertThat(v2.shadow().count()).isEqualTo(10);
    assertThat(v2.routes())
        .singleElement()
        .satisfies(
            route -> {
              assertThat(route.route()).isEqualTo("POST /predict/{id}");
              assertThat(route.sampled()).isEqualTo(10);
              assertThat(route.agreementRate()).isEqualTo(0.8);
            });
    MismatchRecord newest = stats.recentMismatches().get(0);
    assertThat(newest.target()).isEqualTo("v2");
    assertThat(newest.route()).isEqualTo("POST /predict/{id}");
    assertThat(newest.pathAndQuery()).startsWith("/predict/100");
    assertThat(newest.comparison().differences())
        .extracting(d -> d.path())
        .containsExactly("/class", "/score");
    assertThat(newest.curl()).startsWith("curl -sS -X 'POST' 'http://localhost/predict/100");

    mirror.close();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(10);
    assertThat(lines.stream().filter(l -> l.contains("\"outcome\":\"mismatch\""))).hasSize(2);
    assertThat(lines.stream().filter(l -> l.contains("\"outcome\":\"match\""))).hasSize(8);
  }

  @Test
  void perTargetCompareKeys_overrideGlobalOnes() {
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets", "strict,lenient",
                        "mirror.methods", "POST",
                        "mirror.target.strict.type", "custom",
                        "mirror.target.lenient.type", "custom",
                        "mirror.compare.ignore", "/request_id",
                        "mirror.target.lenient.compare.ignore", "/request_id,/class,/score")))
            .target("strict", MirrorStatisticsTest::shadow)
            .target("lenient", MirrorStatisticsTest::shadow)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 10; i++) {
      send(i, "/predict");
    }

    await()
        .until(
            () ->
                mirror.outcomeCounts().total("strict") == 10
                    && mirror.outcomeCounts().total("lenient") == 10);
    assertThat(mirror.outcomeCounts().get("strict", OutcomeKind.MISMATCH)).isEqualTo(10);
    assertThat(mirror.outcomeCounts().get("lenient", OutcomeKind.MATCH)).isEqualTo(10);
  }

  @Test
  void hostilePathFlood_leavesRouteTableAtItsBound() {
    mirror =
        Mirror.builder()
            .config(MirrorConfig.builder().methods(List.of("POST")).statsMaxRoutes(50).build())
            .target("v2", MirrorStatisticsTest::shadow)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 2000; i++) {
      send(1, "/x" + Integer.toHexString(i * 7919) + "z");
    }

    await().until(() -> mirror.outcomeCounts().total("v2") == 2000);
    await()
        .untilAsserted(
            () ->
                assertThat(mirror.statistics().target("v2").routes()).hasSizeLessThanOrEqualTo(50));
  }

  @Test
  void throwingComparator_isComparisonError() {
    mirror =
        Mirror.builder()
            .target("v2", MirrorStatisticsTest::shadow)
            .comparator(
                (request, production, shadow) -> {
                  throw new IllegalStateException("comparator bug");
                })
            .openTelemetry(OpenTelemetry.noop())
            .build();
    send(1, "/p");
    await().until(() -> mirror.outcomeCounts().get("v2", OutcomeKind.COMPARISON_ERROR) == 1);
  }

  @Test
  void badCompareKeys_failNamingTheKey() {
    assertThatThrownBy(() -> MirrorConfig.fromProperties(Map.of("mirror.compare.tolerance", "-1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.compare.tolerance=-1: ");
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of("mirror.targets", "v2", "mirror.target.v2.compare.tolerance./s", "x%")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.target.v2.compare.tolerance./s=x%: ");
    assertThatThrownBy(() -> MirrorConfig.fromProperties(Map.of("mirror.compare.ignored", "/id")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "mirror.compare.ignored=/id: is not a known key (see docs/configuration.md);"
                + " did you mean mirror.compare.ignore?");
  }
}
