package dev.trafficmirror.core;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/** Targets and listeners for engine tests. */
final class TestTargets {
  private TestTargets() {}

  static MirroredRequest request(String path, String body) {
    return MirroredRequest.builder("POST", path)
        .headers(
            Headers.builder()
                .add("Content-Type", "application/json")
                .add("Authorization", "Bearer x")
                .build())
        .body(Body.of(body, StandardCharsets.UTF_8))
        .build();
  }

  static ProductionResponse production() {
    return ProductionResponse.builder(200)
        .headers(Headers.builder().add("Content-Type", "application/json").build())
        .body(Body.of("{\"ok\":true}", StandardCharsets.UTF_8))
        .duration(Duration.ofMillis(3))
        .build();
  }

  /** Returns what {@link #production()} answered, as a shadow would when it agrees. */
  static ShadowResponse agreeing() {
    return ShadowResponse.of(
        200,
        Headers.builder().add("Content-Type", "application/json").build(),
        Body.of("{\"ok\":true}", StandardCharsets.UTF_8));
  }

  /** Answers what {@link #production()} answered, recording every request. */
  static final class Recording implements ShadowTarget {
    final List<MirroredRequest> received = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile @Nullable URI destination;

    @Override
    public @Nullable URI destination() {
      return destination;
    }

    @Override
    public ShadowResponse send(MirroredRequest request, Duration timeout) {
      received.add(request);
      return agreeing();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Blocks each call (interruptibly) until released; counts calls entered. */
  static final class Blocking implements ShadowTarget {
    final Semaphore entered = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public ShadowResponse send(MirroredRequest request, Duration timeout)
        throws InterruptedException {
      entered.release();
      release.await();
      return agreeing();
    }
  }

  /** Ignores interrupts until released: the worst target there is. */
  static final class Hanging implements ShadowTarget {
    final Semaphore entered = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public ShadowResponse send(MirroredRequest request, Duration timeout) {
      entered.release();
      boolean done = false;
      while (!done) {
        try {
          release.await();
          done = true;
        } catch (InterruptedException ignored) {
          // Deliberately deaf to interrupts.
        }
      }
      return agreeing();
    }
  }

  /** Collects outcomes. */
  static final class Collecting implements OutcomeListener {
    final List<MirrorOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void onOutcome(MirrorOutcome outcome) {
      outcomes.add(outcome);
    }
  }

  /**
   * Returns a factory of daemon threads that keeps each in {@code made}, so a test counts this
   * mirror's own threads (other tests' mirrors may still be winding down theirs).
   */
  static ThreadFactory keepingThreads(List<Thread> made) {
    return runnable -> {
      Thread thread = new Thread(runnable);
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    };
  }

  static long mirrorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("mirror-"))
        .count();
  }
}
