package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static dev.trafficmirror.core.TestTargets.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.OutcomeKind;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Time and threads come from the builder: deadlines and limits follow a fake ticker. */
class InjectedTimeAndThreadsTest {
  private final AtomicLong nanos = new AtomicLong(42);
  private final Ticker fake = nanos::get;
  private Mirror mirror;

  @AfterEach
  void close() {
    if (mirror != null) {
      mirror.close();
    }
  }

  @Test
  void aDeadlinePassesWhenTheTickerSaysSo_notBefore() {
    TestTargets.Blocking blocking = new TestTargets.Blocking();
    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .target(
                        TargetConfig.builder("v2")
                            .threads(1)
                            .timeout(Duration.ofMinutes(1))
                            .build())
                    .build())
            .target("v2", blocking)
            .listener(listener)
            .ticker(fake)
            .openTelemetry(OpenTelemetry.noop())
            .build();

    mirror.adapterProtocol().submit(request("/p", "1"), production());
    blocking.entered.acquireUninterruptibly();
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    // The sweep runs every few real milliseconds; a minute of fake time has not passed yet.
    assertThat(listener.outcomes).isEmpty();
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    await().atMost(5, TimeUnit.SECONDS).until(() -> listener.outcomes.size() == 1);
    assertThat(listener.outcomes.get(0).kind()).isEqualTo(OutcomeKind.SHADOW_TIMEOUT);
    assertThat(listener.outcomes.get(0).shadowDuration()).isEqualTo(Duration.ofSeconds(61));
    blocking.release.countDown();
  }

  @Test
  void stopAfter_followsTheTicker() {
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .target(TargetConfig.builder("v2").stopAfter(Duration.ofHours(2)).build())
                    .build())
            .target("v2", new TestTargets.Recording())
            .ticker(fake)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    assertThat(mirror.targetState("v2")).isEqualTo(TargetState.RUNNING);
    nanos.addAndGet(Duration.ofHours(2).toNanos());
    assertThat(mirror.adapterProtocol().shouldMirror("GET", "/p", name -> null)).isFalse();
    assertThat(mirror.targetState("v2")).isEqualTo(TargetState.STOPPED_AFTER_DURATION);
  }

  @Test
  void theClockStampsRequestsAndStatistics() {
    Instant fixed = Instant.parse("2026-11-30T12:00:00Z");
    mirror =
        Mirror.builder()
            .target("v2", new TestTargets.Recording())
            .clock(Clock.fixed(fixed, ZoneOffset.UTC))
            .openTelemetry(OpenTelemetry.noop())
            .build();
    assertThat(mirror.adapterProtocol().newRequest("GET", "/p").build().receivedAt())
        .isEqualTo(fixed);
    assertThat(mirror.statistics().since()).isEqualTo(fixed);
  }

  @Test
  void theMirrorsThreadsComeFromTheGivenFactory_named() {
    List<Thread> made = new CopyOnWriteArrayList<>();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable);
          thread.setDaemon(true);
          made.add(thread);
          return thread;
        };
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .target(TargetConfig.builder("v2").threads(2).build())
                    .build())
            .target("v2", new TestTargets.Recording())
            .threadFactory(factory)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    mirror.adapterProtocol().submit(request("/p", "1"), production());
    await().until(() -> mirror.outcomeCounts().get("v2", OutcomeKind.MATCH) == 1);
    assertThat(made)
        .extracting(Thread::getName)
        .contains(
            "mirror-v2-worker-1", "mirror-v2-worker-2", "mirror-reporter-1", "mirror-deadline-1");
    mirror.close();
    await().until(() -> made.stream().noneMatch(Thread::isAlive));
  }
}
