package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static dev.trafficmirror.core.TestTargets.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.status.StatusPage;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Targets that stop themselves, and pause/resume, through a real Mirror. */
class ExperimentLimitsTest {
  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
  }

  private static ShadowResponse differing() {
    return ShadowResponse.of(
        200,
        Headers.builder().add("Content-Type", "application/json").build(),
        Body.of("{\"ok\":false}", StandardCharsets.UTF_8));
  }

  /** The mirror's time, moved by hand. */
  private final AtomicLong nanos = new AtomicLong();

  private Mirror build(Map<String, String> extra) {
    Map<String, String> props =
        new HashMap<>(
            Map.of(
                "mirror.targets", "bad,good",
                "mirror.methods", "POST",
                "mirror.target.bad.type", "instance",
                "mirror.target.good.type", "instance"));
    props.putAll(extra);
    return Mirror.builder()
        .config(MirrorConfig.fromProperties(props))
        .target("bad", (r, t) -> differing())
        .target("good", (r, t) -> TestTargets.agreeing())
        .ticker(nanos::get)
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  private void sendOne() {
    mirror.adapterProtocol().submit(request("/p", "{}"), production());
  }

  @Test
  void maxMismatches_stopsTheTarget_outcomesStillAddUpToSampled() {
    mirror =
        build(Map.of("mirror.target.bad.max-mismatches", "5", "mirror.target.bad.threads", "1"));
    int sent = 0;
    while (mirror.targetState("bad") == TargetState.RUNNING) {
      sendOne();
      sent++;
      int expected = sent;
      await().until(() -> mirror.outcomeCounts().total("bad") == expected);
    }
    for (int i = 0; i < 10; i++) {
      sendOne();
    }
    int total = sent + 10;
    await().until(() -> mirror.outcomeCounts().total("good") == total);

    assertThat(sent).isEqualTo(5);
    assertThat(mirror.targetState("bad")).isEqualTo(TargetState.STOPPED_AFTER_MISMATCHES);
    assertThat(mirror.outcomeCounts().get("bad", OutcomeKind.MISMATCH)).isEqualTo(5);
    TargetStatistics bad = mirror.statistics().target("bad");
    assertThat(bad.state()).isEqualTo(TargetState.STOPPED_AFTER_MISMATCHES);
    assertThat(bad.sampled()).isEqualTo(bad.count(OutcomeKind.MISMATCH)).isEqualTo(5);
    assertThat(mirror.statistics().target("good").sampled()).isEqualTo(total);
  }

  @Test
  void stopAfter_stopsTheTarget_andShouldMirrorDeclinesWhenNoTargetRuns() throws Exception {
    mirror =
        build(Map.of("mirror.target.bad.stop-after", "2h", "mirror.target.good.stop-after", "2h"));
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isTrue();
    nanos.addAndGet(Duration.ofMinutes(119).toNanos());
    assertThat(mirror.targetState("bad")).isEqualTo(TargetState.RUNNING);

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(mirror.targetState("bad")).isEqualTo(TargetState.STOPPED_AFTER_DURATION);

    assertThat(mirror.targetState("good")).isEqualTo(TargetState.STOPPED_AFTER_DURATION);
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isFalse();
    sendOne();
    mirror.adapterProtocol().skip(request("/p", "{}"), OutcomeKind.SKIPPED_BODY_TOO_LARGE);
    assertThat(mirror.outcomeCounts().total("bad")).isZero();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    StatusPage.writeJson(mirror.statistics(), Instant.now(), false, json);
    assertThat(json.toString(StandardCharsets.UTF_8))
        .contains("\"skipped\":0,\"baseline\":false,\"state\":\"stopped_after_duration\"");
  }

  @Test
  void pauseAndResume_atRunTime() {
    mirror = build(Map.of());
    assertThat(mirror.pause("bad")).isTrue();
    assertThat(mirror.pause("bad")).isFalse();
    assertThat(mirror.targetState("bad")).isEqualTo(TargetState.PAUSED);

    sendOne();
    await().until(() -> mirror.outcomeCounts().total("good") == 1);
    assertThat(mirror.outcomeCounts().total("bad")).isZero();

    assertThat(mirror.resume("bad")).isTrue();
    sendOne();
    await().until(() -> mirror.outcomeCounts().total("bad") == 1);
    assertThat(mirror.targetState("bad")).isEqualTo(TargetState.RUNNING);
    assertThatThrownBy(() -> mirror.pause("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void resume_afterMaxMismatches_startsTheCountOver() {
    mirror =
        build(Map.of("mirror.target.bad.max-mismatches", "1", "mirror.target.bad.threads", "1"));
    sendOne();
    await().until(() -> mirror.targetState("bad") == TargetState.STOPPED_AFTER_MISMATCHES);

    assertThat(mirror.resume("bad")).isTrue();
    assertThat(mirror.targetState("bad")).isEqualTo(TargetState.RUNNING);
    sendOne();
    await().until(() -> mirror.targetState("bad") == TargetState.STOPPED_AFTER_MISMATCHES);
    assertThat(mirror.outcomeCounts().get("bad", OutcomeKind.MISMATCH)).isEqualTo(2);
  }

  @Test
  void badValues_failAtStartup_namingKeyAndValue() {
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        "http://x",
                        "mirror.baseline",
                        "v1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("mirror.baseline")
        .hasMessageContaining("v1");
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        "http://x",
                        "mirror.target.v2.stop-after",
                        "soon")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("mirror.target.v2.stop-after")
        .hasMessageContaining("soon");
    assertThatThrownBy(
            () ->
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        "http://x",
                        "mirror.target.v2.max-mismatches",
                        "-1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("mirror.target.v2.max-mismatches")
        .hasMessageContaining("-1");
  }

  @Test
  void emptyCompareHeaders_comparesNone() {
    MirrorConfig config =
        MirrorConfig.fromProperties(
            Map.of(
                "mirror.targets",
                "v2",
                "mirror.target.v2.url",
                "http://x",
                "mirror.compare.headers",
                ""));
    assertThat(config.comparator().headers()).isEmpty();
  }
}
