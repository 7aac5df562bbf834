package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What could not be judged, and comparators that blow the stack, through a real Mirror. */
class UncomparedOutcomeTest {
  private static final Headers JSON =
      Headers.builder().add("Content-Type", "application/json").build();
  private static final String ANSWER = "{\"class\":0}";
  @TempDir Path dir;
  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
  }

  private void send(int i) {
    MirroredRequest request =
        mirror
            .adapterProtocol()
            .newRequest("POST", "/predict")
            .headers(JSON)
            .body(Body.of(String.valueOf(i), StandardCharsets.UTF_8))
            .build();
    mirror
        .adapterProtocol()
        .submit(
            request,
            ProductionResponse.builder(200)
                .headers(JSON)
                .body(Body.of(ANSWER, StandardCharsets.UTF_8))
                .duration(Duration.ofMillis(1))
                .build());
  }

  private static int input(MirroredRequest request) {
    return Integer.parseInt(request.body().toString(StandardCharsets.UTF_8));
  }

  @Test
  void truncatedShadowBody_isUncomparedNotMatch_excludedFromAgreement_loggedAndShownWithReason()
      throws Exception {
    Path log = dir.resolve("outcomes.jsonl");
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets", "v2",
                        "mirror.methods", "POST",
                        "mirror.target.v2.type", "custom",
                        "mirror.log.path", log.toString())))
            // Odd inputs: the shadow's answer was cut at the limit; even ones: the same answer
            // whole.
            .target(
                "v2",
                (request, timeout) ->
                    ShadowResponse.of(
                        200,
                        JSON,
                        Body.of(ANSWER, StandardCharsets.UTF_8),
                        input(request) % 2 == 0))
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 4; i++) {
      send(i);
    }

    await().until(() -> mirror.outcomeCounts().total("v2") == 4);
    TargetStatistics v2 = mirror.statistics().target("v2");
    assertThat(v2.count(OutcomeKind.UNCOMPARED)).isEqualTo(2);
    assertThat(v2.count(OutcomeKind.MATCH)).isEqualTo(2);
    assertThat(v2.agreementRate()).isEqualTo(1.0);
    assertThat(v2.sent()).isEqualTo(4);
    assertThat(v2.sampled()).isEqualTo(4);
    await().until(() -> mirror.statistics().recentMismatches().size() == 2);
    assertThat(mirror.statistics().recentMismatches())
        .allSatisfy(m -> assertThat(m.comparison().uncompared()).isEqualTo("truncated"));

    mirror.close();
    List<String> lines = Files.readAllLines(log);
    assertThat(
            lines.stream()
                .filter(
                    l ->
                        l.contains("\"outcome\":\"uncompared\"")
                            && l.contains("\"uncompared\":\"truncated\"")))
        .hasSize(2);
    assertThat(lines.stream().filter(l -> l.contains("\"outcome\":\"match\""))).hasSize(2);
  }

  @Test
  void comparatorOverflowingTheStack_isComparisonError_andTheOnlyThreadGoesOn() {
    AtomicInteger compared = new AtomicInteger();
    ResponseComparator deep =
        (request, production, shadow) -> {
          if (input(request) < 3) {
            return recurse(0);
          }
          compared.incrementAndGet();
          return Comparison.match();
        };
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets", "v2",
                        "mirror.methods", "POST",
                        "mirror.target.v2.type", "custom",
                        "mirror.target.v2.threads", "1")))
            .target(
                "v2",
                (request, timeout) ->
                    ShadowResponse.of(200, JSON, Body.of(ANSWER, StandardCharsets.UTF_8)))
            .comparator(deep)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 4; i++) {
      send(i);
    }

    await().until(() -> mirror.outcomeCounts().total("v2") == 4);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.COMPARISON_ERROR)).isEqualTo(3);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(1);
    assertThat(compared).hasValue(1);
  }

  @Test
  void shadowBodyBeyondTheBudget_isUncomparedBudget_andTheBudgetIsReturned() {
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets", "v2",
                        "mirror.methods", "POST",
                        "mirror.max-body-bytes", "1000",
                        "mirror.max-response-bytes", "1000",
                        "mirror.max-buffered-bytes", "4000",
                        "mirror.target.v2.type", "custom")))
            .target(
                "v2",
                (request, timeout) ->
                    ShadowResponse.of(
                        200,
                        JSON,
                        Body.of(
                            input(request) == 0
                                ? new byte[5000]
                                : ANSWER.getBytes(StandardCharsets.UTF_8))))
            .openTelemetry(OpenTelemetry.noop())
            .build();

    send(0);
    await().until(() -> mirror.outcomeCounts().total("v2") == 1);
    send(1);
    await().until(() -> mirror.outcomeCounts().total("v2") == 2);

    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.UNCOMPARED)).isEqualTo(1);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(1);
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  private static Comparison recurse(int depth) {
    return depth < 0 ? Comparison.match() : recurse(depth + 1);
  }
}
