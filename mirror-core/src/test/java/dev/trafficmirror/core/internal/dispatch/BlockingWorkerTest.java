package dev.trafficmirror.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking target's threads: a backlog wakes the others only when the thread that found it could
 * not run it alone before it looks again, judged by how long its copies have been taking.
 */
class BlockingWorkerTest {
  private final Queue<MirrorOutcome> outcomes = new ConcurrentLinkedQueue<>();
  private final MemoryBudget budget = new MemoryBudget(64 << 20);
  private final AtomicInteger running = new AtomicInteger();
  private final Set<String> ranOn = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);

  /** How long each call takes: 0 answers at once, -1 waits for {@link #release}. */
  private volatile long callMillis;

  private @Nullable WorkerUnderTest underTest;
  private TargetWorker worker;

  private final ShadowTarget target =
      (request, timeout) -> {
        running.incrementAndGet();
        ranOn.add(Thread.currentThread().getName());
        try {
          long millis = callMillis;
          if (millis < 0) {
            release.await();
          } else if (millis > 0) {
            // The call itself is what is timed: a shadow that answers after this long.
            assertThat(new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS)).isFalse();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          running.decrementAndGet();
        }
        return ShadowResponse.delivered();
      };

  @AfterEach
  void close() {
    release.countDown();
    if (underTest != null) {
      underTest.close();
    }
  }

  private void start(int threads) {
    TargetConfig config =
        TargetConfig.builder("blocking")
            .threads(threads)
            .queueCapacity(10_000)
            .timeout(Duration.ofSeconds(30))
            .build();
    underTest =
        new WorkerUnderTest(
            config,
            target,
            (request, production, shadow) -> Comparison.match(),
            outcomes::add,
            null);
    worker = underTest.worker;
  }

  private void offer(int copies) {
    underTest.offer(budget, copies);
  }

  @Test
  void untimedCopies_wakeTheOthersForAnyBacklog() {
    start(4);
    assertThat(worker.wakesOthersFor(0)).isFalse();
    assertThat(worker.wakesOthersFor(2)).isTrue();
  }

  @Test
  void fastCopies_leaveABacklogToOneThread_andSlowOnesWakeTheOthersAgain() {
    start(4);
    // Copies that answer at once take microseconds: a few queued are run by one thread within the
    // millisecond before the watching thread looks again. (Fast batches until the average shows
    // it: a thread descheduled on a busy machine makes one copy look slow for a while.)
    await().until(() -> runFast(200) && !worker.wakesOthersFor(5));

    callMillis = 20;
    int before = outcomes.size();
    offer(4);
    await().until(() -> outcomes.size() == before + 4);
    // Copies of 20 ms: a single one waiting is worth another thread.
    assertThat(worker.wakesOthersFor(1)).isTrue();
    assertThat(outcomes).extracting(MirrorOutcome::kind).containsOnly(OutcomeKind.DELIVERED);
  }

  /** Offers {@code copies} that answer at once and waits for their outcomes; returns true. */
  private boolean runFast(int copies) {
    callMillis = 0;
    int before = outcomes.size();
    offer(copies);
    await().until(() -> outcomes.size() == before + copies);
    return true;
  }

  @Test
  void aTargetTurningSlow_afterFastCopies_stillRunsItsCallsOnEveryThread() {
    start(4);
    runFast(2000);
    ranOn.clear();

    callMillis = -1;
    offer(8);

    // The thread that takes the first copy judges the backlog by the fast copies before and runs
    // it alone; the others still take the rest when they look, within their 20 ms pause.
    await().until(() -> running.get() == 4);
    assertThat(ranOn).hasSize(4);
    assertThat(worker.queueDepth()).isEqualTo(4);
    release.countDown();
    await().until(() -> outcomes.size() == 2008);
    await().until(() -> budget.used() == 0);
  }
}
