package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MirrorTelemetryTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
  }

  @Test
  @SuppressWarnings("try")
  void shadowCall_isClientSpanInOwnTrace_linkedToProduction_withAttributes() {
    TestTargets.Recording recording = new TestTargets.Recording();
    // The target says where it sends copies; the engine reads no provider's keys.
    recording.destination = URI.create("http://shadow.internal:8080");
    mirror =
        Mirror.builder().target("v2", recording).openTelemetry(otel.getOpenTelemetry()).build();
    Span production =
        otel.getOpenTelemetry()
            .getTracer("app")
            .spanBuilder("POST /predict")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    MirroredRequest request;
    try (Scope ignored = production.makeCurrent()) {
      request =
          mirror
              .adapterProtocol()
              .newRequest("POST", "/predict")
              .body(Body.of("{}", StandardCharsets.UTF_8))
              .headers(
                  Headers.builder()
                      .add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01")
                      .add("tracestate", "client=1")
                      .build())
              .build();
    } finally {
      production.end();
    }
    mirror.adapterProtocol().submit(request, production());

    await().until(() -> otel.getSpans().size() == 2);
    SpanData productionSpan = span(SpanKind.SERVER);
    SpanData shadow = span(SpanKind.CLIENT);
    assertThat(request.traceparent())
        .isEqualTo(
            "00-"
                + productionSpan.getTraceId()
                + "-"
                + productionSpan.getSpanId()
                + "-"
                + productionSpan.getSpanContext().getTraceFlags().asHex());
    assertThat(productionSpan)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.booleanKey("mirror.sampled"), true),
            equalTo(AttributeKey.stringKey("mirror.id"), request.id()));
    assertThat(shadow)
        .hasName("POST mirror v2")
        .hasNoParent()
        .hasLinksSatisfying(
            links ->
                assertThat(links)
                    .singleElement()
                    .satisfies(
                        link ->
                            assertThat(link.getSpanContext().getSpanId())
                                .isEqualTo(productionSpan.getSpanId())))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("mirror.target"), "v2"),
            equalTo(AttributeKey.stringKey("mirror.outcome"), "match"),
            equalTo(AttributeKey.longKey("mirror.diff.count"), 0L),
            equalTo(AttributeKey.stringKey("mirror.id"), request.id()),
            equalTo(AttributeKey.longKey("mirror.production.status_code"), 200L),
            equalTo(AttributeKey.doubleKey("mirror.production.duration_ms"), 3.0),
            equalTo(AttributeKey.longKey("mirror.shadow.status_code"), 200L),
            equalTo(AttributeKey.longKey("http.response.status_code"), 200L),
            equalTo(AttributeKey.stringKey("http.request.method"), "POST"),
            equalTo(AttributeKey.stringKey("url.path"), "/predict"),
            equalTo(AttributeKey.stringKey("server.address"), "shadow.internal"),
            equalTo(AttributeKey.longKey("server.port"), 8080L));
    Assertions.assertThat(shadow.getTraceId()).isNotEqualTo(productionSpan.getTraceId());
    // The shadow continues the mirror span's trace, not the client's.
    Assertions.assertThat(recording.received.get(0).headers().first("traceparent"))
        .isEqualTo(
            "00-"
                + shadow.getTraceId()
                + "-"
                + shadow.getSpanId()
                + "-"
                + shadow.getSpanContext().getTraceFlags().asHex());
    Assertions.assertThat(recording.received.get(0).headers().contains("tracestate")).isFalse();
    Assertions.assertThat(
            shadow.getAttributes().get(AttributeKey.doubleKey("mirror.shadow.duration_ms")))
        .isNotNull();
  }

  @Test
  void anHttpTargetBuiltInCode_namesItsServerOnSpans_withoutUserInfo() {
    // Nothing listens on port 1: the call fails, and the span still says where it went.
    HttpShadowTarget target =
        HttpShadowTarget.builder(URI.create("http://user:secret@127.0.0.1:1/base")).build();
    assertThat(target.destination()).isEqualTo(URI.create("http://127.0.0.1:1/base"));
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .target(TargetConfig.builder("v2").connectBackoff(Duration.ZERO).build())
                    .build())
            .target("v2", target)
            .openTelemetry(otel.getOpenTelemetry())
            .build();
    mirror.adapterProtocol().submit(TestTargets.request("/p", "1"), production());
    await().until(() -> otel.getSpans().size() == 1);
    assertThat(otel.getSpans().get(0))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("server.address"), "127.0.0.1"),
            equalTo(AttributeKey.longKey("server.port"), 1L));
  }

  @Test
  void noProductionSpan_meansNoLinkAndNoTraceparent() {
    mirror =
        Mirror.builder()
            .target("v2", new TestTargets.Recording())
            .openTelemetry(otel.getOpenTelemetry())
            .build();
    MirroredRequest request = mirror.adapterProtocol().newRequest("GET", "/x").build();
    Assertions.assertThat(request.traceparent()).isNull();
    mirror.adapterProtocol().submit(request, production());
    await().until(() -> otel.getSpans().size() == 1);
    assertThat(otel.getSpans().get(0)).hasLinks(List.of());
  }

  @Test
  void errorAndDrop_areSpansWithOutcome_andCountedInMetrics() {
    TestTargets.Blocking blocking = new TestTargets.Blocking();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .target(
                        TargetConfig.builder("slow")
                            .threads(1)
                            .queueCapacity(1)
                            .timeout(Duration.ofMinutes(1))
                            .build())
                    .build())
            .target("slow", blocking)
            .target(
                "broken",
                (request, timeout) -> {
                  throw new IOException("refused");
                })
            .openTelemetry(otel.getOpenTelemetry())
            .build();

    mirror.adapterProtocol().submit(TestTargets.request("/p", "1"), production());
    blocking.entered.acquireUninterruptibly();
    mirror.adapterProtocol().submit(TestTargets.request("/p", "2"), production());
    mirror.adapterProtocol().submit(TestTargets.request("/p", "3"), production());

    await()
        .until(
            () ->
                mirror.outcomeCounts().get("slow", OutcomeKind.DROPPED_QUEUE_FULL) == 1
                    && mirror.outcomeCounts().get("broken", OutcomeKind.SHADOW_ERROR) == 3);
    await()
        .until(
            () ->
                otel.getSpans().stream().filter(s -> s.getKind() == SpanKind.INTERNAL).count()
                    == 1);
    SpanData dropped = span(SpanKind.INTERNAL);
    assertThat(dropped)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("mirror.outcome"), "dropped_queue_full"));
    SpanData error =
        otel.getSpans().stream()
            .filter(
                s ->
                    "shadow_error"
                        .equals(s.getAttributes().get(AttributeKey.stringKey("mirror.outcome"))))
            .findFirst()
            .orElseThrow();
    assertThat(error)
        .hasStatus(StatusData.create(StatusCode.ERROR, "shadow_error"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("error.type"), "java.io.IOException"));

    await()
        .untilAsserted(
            () ->
                assertThat(otel.getMetrics())
                    .anySatisfy(
                        metric ->
                            assertThat(metric)
                                .hasName("mirror.outcomes")
                                .hasLongSumSatisfying(
                                    sum ->
                                        sum.hasPointsSatisfying(
                                            point ->
                                                point
                                                    .hasValue(3)
                                                    .hasAttributes(
                                                        Attributes.of(
                                                            AttributeKey.stringKey("mirror.target"),
                                                            "broken",
                                                            AttributeKey.stringKey(
                                                                "mirror.outcome"),
                                                            "shadow_error")),
                                            point ->
                                                point
                                                    .hasValue(1)
                                                    .hasAttributes(
                                                        Attributes.of(
                                                            AttributeKey.stringKey("mirror.target"),
                                                            "slow",
                                                            AttributeKey.stringKey(
                                                                "mirror.outcome"),
                                                            "dropped_queue_full"))))));
    assertThat(otel.getMetrics())
        .anySatisfy(
            metric ->
                assertThat(metric)
                    .hasName("mirror.queue.depth")
                    .hasLongGaugeSatisfying(
                        g ->
                            g.hasPointsSatisfying(
                                point ->
                                    point
                                        .hasValue(1)
                                        .hasAttributes(
                                            Attributes.of(
                                                AttributeKey.stringKey("mirror.target"), "slow")),
                                point ->
                                    point
                                        .hasValue(0)
                                        .hasAttributes(
                                            Attributes.of(
                                                AttributeKey.stringKey("mirror.target"),
                                                "broken")))))
        .anySatisfy(
            metric ->
                assertThat(metric)
                    .hasName("mirror.budget.used")
                    .hasLongGaugeSatisfying(
                        g -> g.hasPointsSatisfying(point -> point.hasValue(2 * (1 + 11 + 1024)))))
        .anySatisfy(metric -> assertThat(metric).hasName("mirror.shadow.duration"));
    blocking.release.countDown();
  }

  private static SpanData span(SpanKind kind) {
    return otel.getSpans().stream().filter(s -> s.getKind() == kind).findFirst().orElseThrow();
  }
}
