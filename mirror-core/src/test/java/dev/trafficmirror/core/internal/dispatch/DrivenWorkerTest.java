package dev.trafficmirror.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A driven target's threads, with a driver the test controls: its turns complete the calls when the
 * test says so, all in one turn, on the driving thread, as the http target's loop reads answers.
 */
class DrivenWorkerTest {
  private final Queue<CompletableFuture<ShadowResponse>> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger started = new AtomicInteger();
  private volatile boolean answering;
  private final List<String> driveThreads = new CopyOnWriteArrayList<>();
  private final List<MirrorOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final CountDownLatch releaseComparisons = new CountDownLatch(1);
  private final Set<String> comparedOn = ConcurrentHashMap.newKeySet();
  private final AtomicInteger comparing = new AtomicInteger();
  private final MemoryBudget budget = new MemoryBudget(64 << 20);
  private @Nullable WorkerUnderTest underTest;
  private TargetWorker worker;

  private final AsyncShadowTarget target =
      new AsyncShadowTarget() {
        @Override
        public CompletionStage<ShadowResponse> sendAsync(
            MirroredRequest request, Duration timeout) {
          started.incrementAndGet();
          CompletableFuture<ShadowResponse> answer = new CompletableFuture<>();
          pending.add(answer);
          return answer;
        }
      };

  /** Completes every pending call in one turn, once the test allows answers. */
  private final TargetDriver driver =
      () -> {
        if (driveThreads.isEmpty()) {
          driveThreads.add(Thread.currentThread().getName());
        }
        if (!answering) {
          return;
        }
        for (CompletableFuture<ShadowResponse> call; (call = pending.poll()) != null; ) {
          call.complete(ShadowResponse.of(200, Headers.empty(), Body.empty()));
        }
      };

  /** Blocks every comparison until released, noting the threads comparing. */
  private final ResponseComparator blocking =
      (request, production, shadow) -> {
        comparedOn.add(Thread.currentThread().getName());
        comparing.incrementAndGet();
        try {
          releaseComparisons.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Comparison.match();
      };

  @AfterEach
  void close() {
    releaseComparisons.countDown();
    if (underTest != null) {
      underTest.close();
    }
  }

  private void start(int threads, int maxInFlight, int queueCapacity) {
    TargetConfig config =
        TargetConfig.builder("driven")
            .threads(threads)
            .maxInFlight(maxInFlight)
            .queueCapacity(queueCapacity)
            .timeout(Duration.ofSeconds(30))
            .build();
    underTest = new WorkerUnderTest(config, target, blocking, outcomes::add, driver);
    worker = underTest.worker;
  }

  private void offer(int copies) {
    underTest.offer(budget, copies);
  }

  @Test
  void answersWaitingWhileTheDrivingThreadCompares_areComparedByTheOtherThreads() {
    start(4, 64, 512);
    offer(20);
    await().until(() -> pending.size() == 20);

    answering = true;

    // The driving thread read all 20 answers in one turn and is stuck in the first comparison;
    // the three helping threads take the next three.
    await().until(() -> comparing.get() == 4);
    assertThat(comparedOn).hasSize(4).contains(driveThreads.get(0));
    releaseComparisons.countDown();
    await().until(() -> outcomes.size() == 20);
    assertThat(outcomes).extracting(MirrorOutcome::kind).containsOnly(OutcomeKind.MATCH);
    await().until(() -> budget.used() == 0);
  }

  @Test
  void aBacklog_whileTheDrivingThreadIsBusy_isStartedByTheOtherThreads() {
    start(2, 1000, 1000);
    offer(1);
    await().until(() -> pending.size() == 1);
    answering = true;
    // The driving thread now compares the first answer and stays there.
    await().until(() -> comparing.get() == 1);
    assertThat(comparedOn).containsExactly(driveThreads.get(0));
    answering = false;

    offer(300);

    // More than 128 copies wait: the helping thread starts them (its pause is 100 ms), and the
    // driver would write them on its next turn.
    await().until(() -> started.get() == 301);
    assertThat(worker.queueDepth()).isZero();
    releaseComparisons.countDown();
    answering = true;
    await().until(() -> outcomes.size() == 301);
  }

  @Test
  void oneThread_doesEverything_andNothingHelps() {
    start(1, 64, 512);
    offer(10);
    await().until(() -> pending.size() == 10);
    answering = true;
    releaseComparisons.countDown();

    await().until(() -> outcomes.size() == 10);
    assertThat(comparedOn).containsExactly(driveThreads.get(0));
  }
}
