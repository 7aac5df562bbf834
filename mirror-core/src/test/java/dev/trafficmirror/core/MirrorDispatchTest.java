package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static dev.trafficmirror.core.TestTargets.request;
import static dev.trafficmirror.spi.OutcomeKind.DROPPED_BUDGET;
import static dev.trafficmirror.spi.OutcomeKind.DROPPED_QUEUE_FULL;
import static dev.trafficmirror.spi.OutcomeKind.DROPPED_SHUTDOWN;
import static dev.trafficmirror.spi.OutcomeKind.MATCH;
import static dev.trafficmirror.spi.OutcomeKind.SHADOW_ERROR;
import static dev.trafficmirror.spi.OutcomeKind.SHADOW_TIMEOUT;
import static dev.trafficmirror.spi.OutcomeKind.SKIPPED_BODY_TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.InvalidConfigException;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MirrorDispatchTest {
  private Mirror mirror;

  @AfterEach
  void closeMirror() {
    if (mirror != null) {
      mirror.close();
    }
  }

  private Mirror build(
      MirrorConfig config, String name, ShadowTarget target, TestTargets.Collecting listener) {
    return Mirror.builder()
        .config(config)
        .target(name, target)
        .listener(listener)
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  private static MirrorConfig oneTarget(TargetConfig.Builder target) {
    return MirrorConfig.builder().methods(List.of("POST")).target(target.build()).build();
  }

  @Test
  void deadlinesAreSweptAtAFiftiethOfTheShortestTimeout_between1And100Ms() {
    assertThat(
            Mirror.deadlineSweepNanos(
                oneTarget(TargetConfig.builder("v2").timeout(Duration.ofSeconds(1)))
                    .targets()
                    .values()))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(
            Mirror.deadlineSweepNanos(
                oneTarget(TargetConfig.builder("v2").timeout(Duration.ofMillis(10)))
                    .targets()
                    .values()))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(
            Mirror.deadlineSweepNanos(
                oneTarget(TargetConfig.builder("v2").timeout(Duration.ofMinutes(1)))
                    .targets()
                    .values()))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    MirrorConfig two =
        MirrorConfig.builder()
            .target(TargetConfig.builder("slow").timeout(Duration.ofSeconds(5)).build())
            .target(TargetConfig.builder("fast").timeout(Duration.ofMillis(500)).build())
            .build();
    assertThat(Mirror.deadlineSweepNanos(two.targets().values()))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
  }

  @Test
  void aTargetThatCannotBeConnectedTo_isPaused_andNotCalled() {
    AtomicInteger calls = new AtomicInteger();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1).connectBackoff(Duration.ofMinutes(10))),
            "v2",
            (request, timeout) -> {
              calls.incrementAndGet();
              throw new ConnectException("Connection refused");
            },
            listener);

    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isTrue();
    mirror.adapterProtocol().submit(request("/p", "{}"), production());
    await().atMost(5, TimeUnit.SECONDS).until(() -> listener.outcomes.size() == 1);
    assertThat(listener.outcomes.get(0).kind()).isEqualTo(SHADOW_ERROR);
    assertThat(calls).hasValue(1);

    // Paused: the decision sheds, recording why, and the target is not called.
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isFalse();
    await().atMost(5, TimeUnit.SECONDS).until(() -> listener.outcomes.size() == 2);
    MirrorOutcome shed = listener.outcomes.get(1);
    assertThat(shed.kind()).isEqualTo(OutcomeKind.DROPPED_TARGET_PAUSED);
    assertThat(shed.error())
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("not sent: target v2 could not be connected to")
        .hasMessageContaining("Connection refused")
        .hasMessageContaining("after a pause of 600000 ms");
    // A copy submitted anyway (another adapter, another target's room) is recorded without a call.
    mirror.adapterProtocol().submit(request("/p", "{}"), production());
    await().atMost(5, TimeUnit.SECONDS).until(() -> listener.outcomes.size() == 3);
    assertThat(listener.outcomes.get(2).kind()).isEqualTo(OutcomeKind.DROPPED_TARGET_PAUSED);
    assertThat(listener.outcomes.get(2).error()).hasMessageContaining("not sent");
    assertThat(calls).hasValue(1);
    assertThat(mirror.outcomeCounts().get("v2", SHADOW_ERROR)).isEqualTo(1);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.DROPPED_TARGET_PAUSED)).isEqualTo(2);
    // Paused copies were not sent: the status page does not count them as mirrored.
    assertThat(mirror.statistics().target("v2").sent()).isEqualTo(1);
  }

  @Test
  void afterThePause_theNextCopyProbesTheTarget_andAnAnswerEndsThePause() {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean up = new AtomicBoolean();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1).connectBackoff(Duration.ofMillis(50))),
            "v2",
            (request, timeout) -> {
              calls.incrementAndGet();
              if (!up.get()) {
                throw new HttpConnectTimeoutException("HTTP connect timed out");
              }
              return Responses.shadow(
                  200, Responses.JSON, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
            },
            listener);
    mirror.adapterProtocol().submit(request("/p", "{}"), production());
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> calls.get() == 1 && listener.outcomes.size() == 1);

    up.set(true);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null));
    mirror.adapterProtocol().submit(request("/p", "{}"), production());
    await().atMost(5, TimeUnit.SECONDS).until(() -> mirror.outcomeCounts().get("v2", MATCH) == 1);
    assertThat(calls).hasValue(2);
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null))
        .as("no longer paused")
        .isTrue();
  }

  @Test
  void aZeroConnectBackoff_neverPauses() {
    AtomicInteger calls = new AtomicInteger();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1).connectBackoff(Duration.ZERO)),
            "v2",
            (request, timeout) -> {
              calls.incrementAndGet();
              throw new ConnectException("Connection refused");
            },
            listener);
    for (int i = 1; i <= 3; i++) {
      assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isTrue();
      mirror.adapterProtocol().submit(request("/p", "{}"), production());
      int expected = i;
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> calls.get() == expected && listener.outcomes.size() == expected);
    }
  }

  @Test
  void failuresAfterConnecting_doNotPauseTheTarget() {
    AtomicInteger calls = new AtomicInteger();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1)),
            "v2",
            (request, timeout) -> {
              calls.incrementAndGet();
              throw new IOException("connection reset");
            },
            listener);
    for (int i = 0; i < 3; i++) {
      assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isTrue();
      mirror.adapterProtocol().submit(request("/p", "{}"), production());
      int expected = i + 1;
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> calls.get() == expected && listener.outcomes.size() == expected);
    }
    assertThat(listener.outcomes).extracting(MirrorOutcome::kind).containsOnly(SHADOW_ERROR);
  }

  @Test
  void submit_deliversCopyWithHeaderPolicy_andReportsCompleted() {
    TestTargets.Recording target = new TestTargets.Recording();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").header("X-Shadow-Key", "k")),
            "v2",
            target,
            listener);
    MirroredRequest request =
        mirror
            .adapterProtocol()
            .newRequest("POST", "/predict")
            .rawQuery("debug=1")
            .headers(
                Headers.builder()
                    .add("Authorization", "Bearer secret")
                    .add("Accept", "application/json")
                    .build())
            .body(Body.of("{\"x\":1}", StandardCharsets.UTF_8))
            .build();

    mirror.adapterProtocol().submit(request, production());

    await().until(() -> listener.outcomes.size() == 1);
    MirroredRequest sent = target.received.get(0);
    assertThat(sent.id()).isEqualTo(request.id());
    assertThat(sent.path()).isEqualTo("/predict");
    assertThat(sent.rawQuery()).isEqualTo("debug=1");
    assertThat(sent.body()).isEqualTo(request.body());
    assertThat(sent.headers().contains("Authorization")).isFalse();
    assertThat(sent.headers().first("X-Mirror-Id")).isEqualTo(request.id());
    assertThat(sent.headers().first("X-Shadow-Key")).isEqualTo("k");
    assertThat(sent.headers().first("Accept")).isEqualTo("application/json");

    MirrorOutcome outcome = listener.outcomes.get(0);
    assertThat(outcome.kind()).isEqualTo(MATCH);
    assertThat(outcome.comparison().matches()).isTrue();
    assertThat(outcome.target()).isEqualTo("v2");
    assertThat(outcome.production().status()).isEqualTo(200);
    assertThat(outcome.shadow().body().toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    assertThat(outcome.shadowDuration()).isNotNull();
    assertThat(mirror.outcomeCounts().get("v2", MATCH)).isEqualTo(1);
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void submit_queueFull_dropsAndCounts() {
    TestTargets.Blocking target = new TestTargets.Blocking();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(
                TargetConfig.builder("v2")
                    .threads(1)
                    .queueCapacity(2)
                    .timeout(Duration.ofMinutes(1))),
            "v2",
            target,
            listener);

    mirror.adapterProtocol().submit(request("/p", "1"), production());
    target.entered.acquireUninterruptibly();
    for (int i = 0; i < 9; i++) {
      mirror.adapterProtocol().submit(request("/p", "1"), production());
    }
    assertThat(mirror.outcomeCounts().get("v2", DROPPED_QUEUE_FULL)).isEqualTo(7);
    target.release.countDown();

    await().until(() -> mirror.outcomeCounts().total("v2") == 10);
    assertThat(mirror.outcomeCounts().get("v2", MATCH)).isEqualTo(3);
    await().until(() -> listener.outcomes.size() == 10);
    await().until(() -> mirror.bufferedBytes() == 0);
    // A dropped copy's bodies do not outlive it in the reporter's queue.
    assertThat(listener.outcomes)
        .filteredOn(o -> o.kind() == DROPPED_QUEUE_FULL)
        .hasSize(7)
        .allSatisfy(
            o -> {
              assertThat(o.request().body().isEmpty()).isTrue();
              assertThat(o.production().body().isEmpty()).isTrue();
              assertThat(o.production().bodyComplete()).isFalse();
            });
    assertThat(listener.outcomes)
        .filteredOn(o -> o.kind() == MATCH)
        .allSatisfy(o -> assertThat(o.request().body().size()).isEqualTo(1));
  }

  @Test
  void shouldMirror_everyQueueFull_recordsTheDropWithoutCapture() {
    TestTargets.Blocking target = new TestTargets.Blocking();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(
                TargetConfig.builder("v2")
                    .threads(1)
                    .queueCapacity(1)
                    .timeout(Duration.ofMinutes(1))),
            "v2",
            target,
            listener);
    mirror.adapterProtocol().submit(request("/p", "1"), production());
    target.entered.acquireUninterruptibly();
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isTrue();
    mirror.adapterProtocol().submit(request("/p", "2"), production());
    mirror.adapterProtocol().submit(request("/p", "3"), production());
    assertThat(mirror.outcomeCounts().get("v2", DROPPED_QUEUE_FULL)).isEqualTo(1);

    // An offer found the queue full: from now on no capture, the drop is counted at once.
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isFalse();
    assertThat(mirror.adapterProtocol().shouldMirror("GET", "/p", name -> null)).isFalse();

    assertThat(mirror.outcomeCounts().get("v2", DROPPED_QUEUE_FULL)).isEqualTo(2);
    await()
        .until(
            () ->
                listener.outcomes.stream().filter(o -> o.kind() == DROPPED_QUEUE_FULL).count()
                    == 2);
    target.release.countDown();
    await().until(() -> mirror.outcomeCounts().total("v2") == 4);
    // A worker took a copy: there is room again.
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null)).isTrue();
  }

  @Test
  void submit_budgetExhausted_dropsAndCounts_andReleasesWhenDone() {
    TestTargets.Blocking target = new TestTargets.Blocking();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    // Each copy holds 100 B of body + 11 B response + 1024 B overhead = 1135 B: two fit in 2500.
    MirrorConfig config =
        MirrorConfig.builder()
            .maxBodyBytes(100)
            .maxResponseBytes(100)
            .maxBufferedBytes(2500)
            .target(
                TargetConfig.builder("v2")
                    .threads(1)
                    .queueCapacity(10)
                    .timeout(Duration.ofMinutes(1))
                    .build())
            .build();
    mirror = build(config, "v2", target, listener);
    String body = "x".repeat(100);

    for (int i = 0; i < 5; i++) {
      mirror.adapterProtocol().submit(request("/p", body), production());
    }

    assertThat(mirror.outcomeCounts().get("v2", DROPPED_BUDGET)).isEqualTo(3);
    assertThat(mirror.bufferedBytes()).isEqualTo(2 * 1135);
    target.release.countDown();
    await().until(() -> mirror.outcomeCounts().get("v2", MATCH) == 2);
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void submit_oneBodySharedByTwoTargets_budgetCountedOnce() {
    TestTargets.Blocking a = new TestTargets.Blocking();
    TestTargets.Blocking b = new TestTargets.Blocking();
    MirrorConfig config =
        MirrorConfig.builder()
            .maxBodyBytes(100)
            .maxResponseBytes(100)
            .maxBufferedBytes(2500)
            .build();
    mirror =
        Mirror.builder()
            .config(config)
            .target("a", a)
            .target("b", b)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    mirror.adapterProtocol().submit(request("/p", "x".repeat(100)), production());

    assertThat(mirror.bufferedBytes()).isEqualTo(1135);
    a.release.countDown();
    await().until(() -> mirror.outcomeCounts().get("a", MATCH) == 1);
    assertThat(mirror.bufferedBytes()).isEqualTo(1135);
    b.release.countDown();
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void slowTarget_doesNotStarveAnother() {
    TestTargets.Blocking slow = new TestTargets.Blocking();
    TestTargets.Recording fast = new TestTargets.Recording();
    MirrorConfig config =
        MirrorConfig.builder()
            .target(
                TargetConfig.builder("slow")
                    .threads(1)
                    .queueCapacity(1)
                    .timeout(Duration.ofMinutes(1))
                    .build())
            .build();
    mirror =
        Mirror.builder()
            .config(config)
            .target("slow", slow)
            .target("fast", fast)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 20; i++) {
      mirror.adapterProtocol().submit(request("/p", "b" + i), production());
    }

    await().until(() -> mirror.outcomeCounts().get("fast", MATCH) == 20);
    assertThat(mirror.outcomeCounts().get("slow", DROPPED_QUEUE_FULL)).isBetween(18L, 19L);
    slow.release.countDown();
    await().until(() -> mirror.outcomeCounts().total("slow") == 20);
  }

  @Test
  void targetThrowsOrReturnsNull_isShadowError() {
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .target(
                "throws",
                (request, timeout) -> {
                  throw new IOException("connection refused");
                })
            .target("null", (request, timeout) -> null)
            .target(
                "error",
                (request, timeout) -> {
                  throw new AssertionError("a target bug");
                })
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    mirror.adapterProtocol().submit(request("/p", "1"), production());

    await().until(() -> listener.outcomes.size() == 3);
    assertThat(listener.outcomes).allSatisfy(o -> assertThat(o.kind()).isEqualTo(SHADOW_ERROR));
    assertThat(listener.outcomes)
        .anySatisfy(o -> assertThat(o.error()).isInstanceOf(IOException.class));
    assertThat(listener.outcomes)
        .anySatisfy(o -> assertThat(o.error()).isInstanceOf(NullPointerException.class));
    assertThat(listener.outcomes)
        .anySatisfy(o -> assertThat(o.error()).isInstanceOf(AssertionError.class));
  }

  @Test
  void targetDeafToInterrupts_timesOutOnce_andCountsAddUp() {
    TestTargets.Hanging target = new TestTargets.Hanging();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1).timeout(Duration.ofMillis(100))),
            "v2",
            target,
            listener);

    mirror.adapterProtocol().submit(request("/p", "1"), production());

    await().until(() -> listener.outcomes.size() == 1);
    assertThat(listener.outcomes.get(0).kind()).isEqualTo(SHADOW_TIMEOUT);
    target.release.countDown();
    await().until(() -> mirror.bufferedBytes() == 0);
    assertThat(listener.outcomes).hasSize(1);
    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(1);
  }

  @Test
  void afterADeafTimeout_theWorkersNextCallIsNotInterrupted() {
    TestTargets.Hanging hanging = new TestTargets.Hanging();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1).timeout(Duration.ofMillis(100))),
            "v2",
            (request, timeout) -> {
              if (request.path().equals("/hang")) {
                return hanging.send(request, timeout);
              }
              if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("left over from the previous call");
              }
              return TestTargets.agreeing();
            },
            listener);

    mirror.adapterProtocol().submit(request("/hang", "1"), production());
    await().until(() -> mirror.outcomeCounts().get("v2", SHADOW_TIMEOUT) == 1);
    hanging.release.countDown();
    mirror.adapterProtocol().submit(request("/next", "2"), production());

    await().until(() -> mirror.outcomeCounts().total("v2") == 2);
    assertThat(mirror.outcomeCounts().get("v2", MATCH)).isEqualTo(1);
  }

  @Test
  void failureBeforeTheCall_isCountedAndTheWorkerSurvives() {
    Tracer brokenTracer =
        spanName -> {
          throw new IllegalStateException("broken tracer");
        };
    TracerProvider brokenProvider =
        new TracerProvider() {
          @Override
          public Tracer get(String scope) {
            return brokenTracer;
          }

          @Override
          public Tracer get(String scope, String version) {
            return brokenTracer;
          }
        };
    OpenTelemetry broken =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return brokenProvider;
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    TestTargets.Recording target = new TestTargets.Recording();
    mirror =
        Mirror.builder()
            .config(oneTarget(TargetConfig.builder("v2").threads(1)))
            .target("v2", target)
            .openTelemetry(broken)
            .build();

    mirror.adapterProtocol().submit(request("/p", "1"), production());
    mirror.adapterProtocol().submit(request("/p", "2"), production());

    await().until(() -> mirror.outcomeCounts().get("v2", SHADOW_ERROR) == 2);
    assertThat(target.received).isEmpty();
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void close_drainsQueuedCopies() throws Exception {
    TestTargets.Blocking target = new TestTargets.Blocking();
    mirror =
        build(
            oneTarget(TargetConfig.builder("v2").threads(1).timeout(Duration.ofMinutes(1))),
            "v2",
            target,
            new TestTargets.Collecting());
    for (int i = 0; i < 5; i++) {
      mirror.adapterProtocol().submit(request("/p", "1"), production());
    }
    target.entered.acquire();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(mirror::close);
    await().until(() -> !mirror.adapterProtocol().shouldMirror("POST", "/p", name -> null));
    target.release.countDown();
    closing.get(10, TimeUnit.SECONDS);

    assertThat(mirror.outcomeCounts().get("v2", MATCH)).isEqualTo(5);
    await().until(() -> TestTargets.mirrorThreads() == 0);
  }

  @Test
  void close_afterDrainTimeout_abandonsAndCountsEveryCopy() {
    TestTargets.Blocking target = new TestTargets.Blocking();
    MirrorConfig config =
        MirrorConfig.builder()
            .drainTimeout(Duration.ofMillis(100))
            .target(TargetConfig.builder("v2").threads(1).timeout(Duration.ofMinutes(1)).build())
            .build();
    mirror = build(config, "v2", target, new TestTargets.Collecting());
    for (int i = 0; i < 5; i++) {
      mirror.adapterProtocol().submit(request("/p", "1"), production());
    }
    target.entered.acquireUninterruptibly();

    mirror.close();

    assertThat(mirror.outcomeCounts().get("v2", DROPPED_SHUTDOWN)).isEqualTo(5);
    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(5);
    assertThat(mirror.bufferedBytes()).isZero();
    await().until(() -> TestTargets.mirrorThreads() == 0);
  }

  @Test
  void close_withTargetDeafToInterrupts_stillRecordsOneOutcome() {
    TestTargets.Hanging target = new TestTargets.Hanging();
    MirrorConfig config =
        MirrorConfig.builder()
            .drainTimeout(Duration.ofMillis(100))
            .target(TargetConfig.builder("v2").threads(1).timeout(Duration.ofMinutes(1)).build())
            .build();
    mirror = build(config, "v2", target, new TestTargets.Collecting());
    mirror.adapterProtocol().submit(request("/p", "1"), production());
    target.entered.acquireUninterruptibly();

    mirror.close();

    assertThat(mirror.outcomeCounts().get("v2", DROPPED_SHUTDOWN)).isEqualTo(1);
    target.release.countDown();
    await().until(() -> TestTargets.mirrorThreads() == 0);
    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(1);
  }

  @Test
  void submit_afterClose_isDroppedShutdown_andCloseIsIdempotent() {
    TestTargets.Recording target = new TestTargets.Recording();
    mirror =
        build(oneTarget(TargetConfig.builder("v2")), "v2", target, new TestTargets.Collecting());
    mirror.close();
    mirror.close();

    mirror.adapterProtocol().submit(request("/p", "1"), production());

    assertThat(mirror.outcomeCounts().get("v2", DROPPED_SHUTDOWN)).isEqualTo(1);
    assertThat(target.received).isEmpty();
    assertThat(target.closed).isTrue();
  }

  @Test
  void throwingListener_doesNotStopOthers() {
    TestTargets.Collecting second = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .target("v2", new TestTargets.Recording())
            .listener(
                o -> {
                  throw new IllegalStateException("listener bug");
                })
            .listener(second)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    mirror.adapterProtocol().submit(request("/p", "1"), production());
    mirror.adapterProtocol().skip(request("/p", ""), SKIPPED_BODY_TOO_LARGE);

    await().until(() -> second.outcomes.size() == 2);
  }

  @Test
  void perTargetSampleRate_zero_sendsNothingThere() {
    TestTargets.Recording never = new TestTargets.Recording();
    TestTargets.Recording always = new TestTargets.Recording();
    MirrorConfig config =
        MirrorConfig.builder().target(TargetConfig.builder("never").sampleRate(0).build()).build();
    mirror =
        Mirror.builder()
            .config(config)
            .target("never", never)
            .target("always", always)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 50; i++) {
      mirror.adapterProtocol().submit(request("/p", "1"), production());
    }

    await().until(() -> mirror.outcomeCounts().get("always", MATCH) == 50);
    assertThat(mirror.outcomeCounts().total("never")).isZero();
    assertThat(never.received).isEmpty();
  }

  @Test
  void submitAndSkip_toNamedTargets_only() {
    TestTargets.Recording a = new TestTargets.Recording();
    TestTargets.Recording b = new TestTargets.Recording();
    mirror =
        Mirror.builder().target("a", a).target("b", b).openTelemetry(OpenTelemetry.noop()).build();

    mirror.adapterProtocol().submit(request("/p", "1"), production(), Set.of("b"));
    mirror
        .adapterProtocol()
        .skip(request("/p", ""), SKIPPED_BODY_TOO_LARGE, Set.of("b", "unknown"));

    await().until(() -> mirror.outcomeCounts().total("b") == 2);
    assertThat(mirror.outcomeCounts().get("b", MATCH)).isEqualTo(1);
    assertThat(mirror.outcomeCounts().get("b", SKIPPED_BODY_TOO_LARGE)).isEqualTo(1);
    assertThat(mirror.outcomeCounts().total("a")).isZero();
    assertThat(a.received).isEmpty();
  }

  @Test
  void skip_countsOncePerTarget() {
    mirror =
        Mirror.builder()
            .target("a", new TestTargets.Recording())
            .target("b", new TestTargets.Recording())
            .openTelemetry(OpenTelemetry.noop())
            .build();
    mirror.adapterProtocol().skip(request("/p", ""), SKIPPED_BODY_TOO_LARGE);
    mirror.adapterProtocol().skip(request("/p", ""), MATCH);
    for (String t : new String[] {"a", "b"}) {
      Map<OutcomeKind, Long> counts = mirror.outcomeCounts().byKind(t);
      assertThat(counts.get(SKIPPED_BODY_TOO_LARGE)).isEqualTo(1);
      assertThat(mirror.outcomeCounts().total(t)).isEqualTo(1);
    }
  }

  @Test
  void transportTarget_getsProductionResponse_andIsDelivered() {
    List<ProductionResponse> seen = new CopyOnWriteArrayList<>();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .target(
                "stream",
                new ShadowTarget() {
                  @Override
                  public ShadowResponse send(MirroredRequest request, Duration timeout) {
                    throw new AssertionError("the engine calls the three-argument send");
                  }

                  @Override
                  public ShadowResponse send(
                      MirroredRequest request, ProductionResponse production, Duration timeout) {
                    seen.add(production);
                    return ShadowResponse.delivered();
                  }
                })
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    mirror.adapterProtocol().submit(request("/p", "1"), production());

    await().until(() -> listener.outcomes.size() == 1);
    assertThat(listener.outcomes.get(0).kind()).isEqualTo(OutcomeKind.DELIVERED);
    assertThat(listener.outcomes.get(0).comparison()).isNull();
    assertThat(seen).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(200));
  }

  @Test
  void build_withoutTargets_fails() {
    assertThatThrownBy(() -> Mirror.builder().openTelemetry(OpenTelemetry.noop()).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.targets is required");
  }

  @Test
  void build_disabledWithoutTargets_isANoOp() {
    mirror =
        Mirror.builder()
            .config(MirrorConfig.builder().enabled(false).build())
            .openTelemetry(OpenTelemetry.noop())
            .build();
    assertThat(mirror.adapterProtocol().shouldMirror("GET", "/", name -> null)).isFalse();
  }

  @Test
  void fromProperties_unknownType_failsNamingKey() {
    assertThatThrownBy(
            () ->
                Mirror.fromProperties(
                    Map.of("mirror.targets", "v2", "mirror.target.v2.type", "carrier-pigeon")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "mirror.target.v2.type=carrier-pigeon: has no ShadowTargetProvider on the class path (known types: [http])");
  }

  @Test
  void fromProperties_httpWithoutUrl_failsNamingKey() {
    assertThatThrownBy(() -> Mirror.fromProperties(Map.of("mirror.targets", "v2")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.target.v2.url is required");
  }

  @Test
  void fromProperties_httpWithBadUrlOrUnknownSetting_failsNamingKey() {
    assertThatThrownBy(
            () ->
                Mirror.fromProperties(
                    Map.of("mirror.targets", "v2", "mirror.target.v2.url", "ftp://x")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("mirror.target.v2.url=ftp://x: must be an http or https URL");
    assertThatThrownBy(
            () ->
                Mirror.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        "http://x",
                        "mirror.target.v2.uri",
                        "http://y")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "mirror.target.v2.uri=http://y: is not a setting of the http target")
        .hasMessageContaining("it accepts url, max-response-bytes, connect-timeout")
        .hasMessageContaining("max-in-flight");
    assertThatThrownBy(
            () ->
                Mirror.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        "http://x",
                        "mirror.target.v2.connect-timeout",
                        "soon")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.target.v2.connect-timeout=soon:");
    assertThatThrownBy(
            () ->
                Mirror.fromProperties(
                    Map.of(
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        "http://x",
                        "mirror.target.v2.max-in-flight",
                        "0")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("mirror.target.v2.max-in-flight=0:");
  }

  @Test
  void fromProperties_createsHttpTargetThroughServiceLoader() {
    mirror =
        Mirror.fromProperties(
            Map.of("mirror.targets", "v2", "mirror.target.v2.url", "http://127.0.0.1:9"));
    assertThat(mirror.config().targets().get("v2").type()).isEqualTo("http");
    assertThat(mirror.toString()).isEqualTo("Mirror[v2]");
  }

  @Test
  void shadowResponse_of_rejectsBadStatus() {
    assertThatThrownBy(() -> ShadowResponse.of(42, Headers.empty(), Body.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
