package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static dev.trafficmirror.core.TestTargets.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with asynchronous targets: calls in flight, not threads, bound the work. */
class AsyncDispatchTest {
  private final ScheduledExecutorService shadowClock =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shadow-completer"));
  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
    shadowClock.shutdownNow();
  }

  /**
   * Answers like production after {@code delay}, completing on the test's own thread; counts calls
   * in flight.
   */
  final class Delayed implements AsyncShadowTarget {
    final Duration delay;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    Delayed(Duration delay) {
      this.delay = delay;
    }

    @Override
    public CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout) {
      calls.incrementAndGet();
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<ShadowResponse> answer = new CompletableFuture<>();
      var unused =
          shadowClock.schedule(
              () -> {
                inFlight.decrementAndGet();
                answer.complete(TestTargets.agreeing());
              },
              delay.toMillis(),
              TimeUnit.MILLISECONDS);
      return answer;
    }
  }

  /** Returns a stage of the test's choosing for every call, keeping each. */
  static final class Scripted implements AsyncShadowTarget {
    final Function<MirroredRequest, CompletionStage<ShadowResponse>> answer;
    final Queue<CompletionStage<ShadowResponse>> stages = new ConcurrentLinkedQueue<>();

    Scripted(Function<MirroredRequest, CompletionStage<ShadowResponse>> answer) {
      this.answer = answer;
    }

    @Override
    public CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout) {
      CompletionStage<ShadowResponse> stage = answer.apply(request);
      if (stage != null) {
        stages.add(stage);
      }
      return stage;
    }
  }

  private Mirror build(
      AsyncShadowTarget target, TargetConfig.Builder settings, TestTargets.Collecting listener) {
    return Mirror.builder()
        .config(
            MirrorConfig.builder()
                .methods(List.of("POST"))
                .drainTimeout(Duration.ofMillis(200))
                .target(settings.build())
                .build())
        .target("v2", target)
        .listener(listener)
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  @Test
  void aThousandCopiesToA200MsShadow_areAllInFlightAtOnce_onNoMoreThreadsThanIdle() {
    Delayed shadow = new Delayed(Duration.ofMillis(200));
    TestTargets.Collecting listener = new TestTargets.Collecting();
    // This mirror's own threads, counted through its thread factory (other tests' mirrors may still
    // be winding down theirs).
    List<Thread> made = new CopyOnWriteArrayList<>();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .drainTimeout(Duration.ofMillis(200))
                    .target(
                        TargetConfig.builder("v2")
                            .threads(2)
                            .maxInFlight(1000)
                            .queueCapacity(1000)
                            .timeout(Duration.ofSeconds(30))
                            .build())
                    .build())
            .target("v2", shadow)
            .listener(listener)
            .threadFactory(TestTargets.keepingThreads(made))
            .openTelemetry(OpenTelemetry.noop())
            .build();
    long idle = made.stream().filter(Thread::isAlive).count();
    long budget = mirror.config().maxBufferedBytes();

    for (int i = 0; i < 1000; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{\"x\":" + i + "}"), production());
    }
    await().until(() -> shadow.peak.get() == 1000);
    long busy = made.stream().filter(Thread::isAlive).count();
    long held = mirror.bufferedBytes();

    await().until(() -> listener.outcomes.size() == 1000);
    assertThat(busy).isEqualTo(idle);
    assertThat(held).isPositive().isLessThanOrEqualTo(budget);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(1000);
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void copiesBeyondMaxInFlight_waitInTheQueue_andAllArrive() {
    Delayed shadow = new Delayed(Duration.ofMillis(200));
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            shadow,
            TargetConfig.builder("v2")
                .maxInFlight(100)
                .queueCapacity(1000)
                .timeout(Duration.ofSeconds(30)),
            listener);

    for (int i = 0; i < 1000; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> listener.outcomes.size() == 1000);
    assertThat(shadow.peak.get()).isEqualTo(100);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(1000);
  }

  @Test
  void comparisonAndListeners_runOnMirrorThreads_notOnTheThreadThatCompletedTheStage() {
    Delayed shadow = new Delayed(Duration.ofMillis(1));
    Queue<String> threads = new ConcurrentLinkedQueue<>();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .target(TargetConfig.builder("v2").build())
                    .build())
            .target("v2", shadow)
            .listener(outcome -> threads.add(Thread.currentThread().getName()))
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 20; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    }

    await().until(() -> listener.outcomes.size() == 20);
    assertThat(threads).allMatch(name -> name.startsWith("mirror-v2-worker"));
  }

  @Test
  void pastTheDeadline_theStageIsCancelled_theOutcomeIsATimeout_andTheSlotIsFreed() {
    Scripted hanging = new Scripted(request -> new CompletableFuture<>());
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            hanging,
            TargetConfig.builder("v2").maxInFlight(1).timeout(Duration.ofMillis(100)),
            listener);

    mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    mirror.adapterProtocol().submit(request("/predict", "{}"), production());

    await().until(() -> listener.outcomes.size() == 2);
    assertThat(listener.outcomes)
        .extracting(MirrorOutcome::kind)
        .containsOnly(OutcomeKind.SHADOW_TIMEOUT);
    assertThat(hanging.stages)
        .hasSize(2)
        .allMatch(stage -> stage.toCompletableFuture().isCancelled());
  }

  @Test
  void aLateAnswer_isIgnored_andCountedOnce() {
    CountDownLatch answeredLate = new CountDownLatch(1);
    Scripted late =
        new Scripted(
            request -> {
              CompletableFuture<ShadowResponse> answer = new CompletableFuture<>();
              var unused =
                  shadowClock.schedule(
                      () -> {
                        answer.complete(TestTargets.agreeing());
                        answeredLate.countDown();
                      },
                      300,
                      TimeUnit.MILLISECONDS);
              // A stage whose cancellation does not reach the target: its answer really comes late.
              return answer.minimalCompletionStage();
            });
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror = build(late, TargetConfig.builder("v2").timeout(Duration.ofMillis(50)), listener);

    mirror.adapterProtocol().submit(request("/predict", "{}"), production());

    await().until(() -> answeredLate.getCount() == 0);
    await().until(() -> mirror.bufferedBytes() == 0);
    assertThat(listener.outcomes)
        .extracting(MirrorOutcome::kind)
        .containsExactly(OutcomeKind.SHADOW_TIMEOUT);
    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(1);
  }

  @Test
  void failures_areCountedByKind_andNeverEscape() {
    Scripted failing =
        new Scripted(
            request ->
                switch (request.path()) {
                  case "/throws" -> throw new IllegalStateException("boom");
                  case "/null" -> null;
                  case "/null-answer" -> CompletableFuture.completedFuture(null);
                  case "/timeout" -> CompletableFuture.failedFuture(new TimeoutException("slow"));
                  default -> CompletableFuture.failedFuture(new IllegalArgumentException("bad"));
                });
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror = build(failing, TargetConfig.builder("v2").connectBackoff(Duration.ZERO), listener);

    for (String path : List.of("/throws", "/null", "/null-answer", "/timeout", "/other")) {
      mirror.adapterProtocol().submit(request(path, "{}"), production());
    }

    await().until(() -> listener.outcomes.size() == 5);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.SHADOW_ERROR)).isEqualTo(4);
    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.SHADOW_TIMEOUT)).isEqualTo(1);
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void aStageFailingToConnect_pausesTheTarget() {
    Scripted refusing =
        new Scripted(request -> CompletableFuture.failedFuture(new ConnectException("refused")));
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(refusing, TargetConfig.builder("v2").connectBackoff(Duration.ofMinutes(1)), listener);

    mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    await().until(() -> listener.outcomes.size() == 1);
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/predict", name -> null)).isFalse();

    await().until(() -> listener.outcomes.size() == 2);
    assertThat(refusing.stages).hasSize(1);
    assertThat(listener.outcomes.get(1).error()).hasMessageContaining("could not be connected to");
  }

  @Test
  void close_abandonsCallsInFlight_cancellingThem_andCountsEachOnce() {
    Scripted hanging = new Scripted(request -> new CompletableFuture<>());
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        build(
            hanging,
            TargetConfig.builder("v2").maxInFlight(4).timeout(Duration.ofMinutes(1)),
            listener);
    for (int i = 0; i < 10; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    }
    await().until(() -> hanging.stages.size() == 4);

    mirror.close();

    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.DROPPED_SHUTDOWN)).isEqualTo(10);
    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(10);
    assertThat(hanging.stages).allMatch(stage -> stage.toCompletableFuture().isCancelled());
    await().until(() -> TestTargets.mirrorThreads() == 0);
  }

  @Test
  void close_waitsForCallsInFlight_toEnd() {
    Delayed shadow = new Delayed(Duration.ofMillis(100));
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .drainTimeout(Duration.ofSeconds(10))
                    .target(TargetConfig.builder("v2").build())
                    .build())
            .target("v2", shadow)
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    for (int i = 0; i < 50; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    }

    mirror.close();

    assertThat(mirror.outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(50);
  }

  @Test
  void aSynchronousTarget_isBoundByTheSmallerOfThreadsAndMaxInFlight() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .target(TargetConfig.builder("v2").threads(4).maxInFlight(2).build())
                    .build())
            .target(
                "v2",
                (request, timeout) -> {
                  peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  try {
                    release.await();
                  } finally {
                    inFlight.decrementAndGet();
                  }
                  return TestTargets.agreeing();
                })
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    for (int i = 0; i < 20; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    }

    // Two calls hold their threads; the two idle threads may not take a third.
    await().until(() -> inFlight.get() == 2 && mirror.queueDepth("v2") == 18);
    assertThat(peak.get()).isEqualTo(2);
    release.countDown();
    await().until(() -> listener.outcomes.size() == 20);
    assertThat(peak.get()).isEqualTo(2);
  }
}
