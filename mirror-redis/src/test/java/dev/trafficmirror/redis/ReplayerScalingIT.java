package dev.trafficmirror.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trafficmirror.spi.OutcomeKind;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several replayers on one stream: sharing the work, and taking over from one that died. */
class ReplayerScalingIT {
  @RegisterExtension static final RedisServer REDIS = new RedisServer();

  private ReplayerFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ReplayerFixture(REDIS, "mirror:scaling");
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void twoReplayers_shareTheStream_everyEntryComparedExactlyOnce() throws Exception {
    // Neither shadow answers until both replayers are working, so both take a share.
    CountDownLatch bothWorking = new CountDownLatch(2);
    TestShadow first = new TestShadow(gate(bothWorking));
    TestShadow second = new TestShadow(gate(bothWorking));
    Map<String, String> small = Map.of("mirror.replayer.max-in-flight", "8");
    MirrorReplayer a = fixture.replayer("a", first, small, Map.of());
    MirrorReplayer b = fixture.replayer("b", second, small, Map.of());

    List<String> appended = fixture.append(200);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() >= 200);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);
    List<String> matched = fixture.idsOf(OutcomeKind.MATCH);
    assertThat(matched)
        .hasSize(200)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(appended);
    assertThat(fixture.outcomes).hasSize(200);
    long byA = a.mirror().outcomeCounts().get("v2", OutcomeKind.MATCH);
    long byB = b.mirror().outcomeCounts().get("v2", OutcomeKind.MATCH);
    assertThat(byA).isPositive();
    assertThat(byB).isPositive();
    assertThat(byA + byB).isEqualTo(200);
    assertThat(first.calls.size() + second.calls.size()).isEqualTo(200);
  }

  private static TestShadow.Behaviour gate(CountDownLatch bothWorking) {
    AtomicBoolean counted = new AtomicBoolean();
    return request -> {
      if (counted.compareAndSet(false, true)) {
        bothWorking.countDown();
      }
      if (!bothWorking.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other replayer never started");
      }
    };
  }

  @Test
  void deadReplayersEntries_claimedWithinClaimIdle_whileABacklogOfNewEntriesLasts()
      throws Exception {
    // A holds 8 entries whose shadow calls never end, and is then killed.
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger hangingInA = new AtomicInteger();
    TestShadow hanging =
        new TestShadow(
            request -> {
              hangingInA.incrementAndGet();
              never.await();
            });
    fixture.append(8);
    MirrorReplayer a =
        fixture.replayer(
            "a",
            hanging,
            Map.of("mirror.replayer.max-in-flight", "8", "mirror.replayer.claim-idle", "1s"),
            Map.of("mirror.target.v2.timeout", "60s", "mirror.target.v2.threads", "8"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hangingInA.get() == 8 && fixture.pendingMirrorIds().size() == 8);
    Set<String> heldByA = fixture.pendingMirrorIds();

    // B, with the default max-in-flight (64), works through a backlog far longer than the claim
    // idle
    // time: a shadow of about 5 ms on 4 threads, so a slot frees about every millisecond and is
    // refilled at once by new entries.
    List<String> backlog = fixture.appendMany(8000);
    TestShadow slow =
        new TestShadow(request -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)));
    fixture.replayer("b", slow, Map.of("mirror.replayer.claim-idle", "1s"), Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() >= 100);

    a.abandon();
    // A kept its entries alive until now: they are idle after claim-idle (1s), and claimed at B's
    // next claim turn (every claim-idle / 4), ahead of the backlog.
    await()
        .atMost(Duration.ofMillis(1000 + 1500))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).containsAll(heldByA));
    int matchedMeanwhile = fixture.idsOf(OutcomeKind.MATCH).size();
    assertThat(matchedMeanwhile)
        .as("the backlog was still there when A's entries were claimed")
        .isLessThan(backlog.size() - 1000);
    assertThat(heldByA).doesNotContainAnyElementsOf(backlog);
  }

  @Test
  void replayerKilledMidStream_itsPendingEntriesAreClaimedAndFinishedByAnother() throws Exception {
    // A answers 5 entries, then hangs on every call, holding entries it never acknowledges.
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger answeredByA = new AtomicInteger();
    AtomicInteger hangingInA = new AtomicInteger();
    TestShadow hanging =
        new TestShadow(
            request -> {
              if (answeredByA.incrementAndGet() > 5) {
                hangingInA.incrementAndGet();
                never.await();
              }
            });
    List<String> appended = fixture.append(60);
    MirrorReplayer a =
        fixture.replayer(
            "a",
            hanging,
            Map.of("mirror.replayer.max-in-flight", "8"),
            Map.of("mirror.target.v2.timeout", "30s", "mirror.target.v2.threads", "4"));
    // A is full: 4 calls hang, 4 copies wait in its queue, the 5 answered ones are acknowledged.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                hangingInA.get() == 4
                    && fixture.idsOf(OutcomeKind.MATCH).size() == 5
                    && fixture.pendingMirrorIds().size() == 8
                    && Collections.disjoint(
                        fixture.pendingMirrorIds(), fixture.idsOf(OutcomeKind.MATCH)));
    Set<String> heldByA = fixture.pendingMirrorIds();

    MirrorReplayer b = fixture.replayer("b", TestShadow.agreeing(), Map.of(), Map.of());
    // B takes every entry A never read (60 - 5 done - 8 held by A), and none of A's while A is
    // alive:
    // A keeps its entries alive well past the 300ms claim-idle.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() == 52);
    await()
        .during(Duration.ofMillis(900))
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                fixture.idsOf(OutcomeKind.MATCH).size() == 52
                    && fixture.pendingMirrorIds().equals(heldByA));

    a.abandon();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.idsOf(OutcomeKind.MATCH).size() == 60);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.pending() == 0);

    List<String> matched = fixture.idsOf(OutcomeKind.MATCH);
    assertThat(matched)
        .hasSize(60)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(appended);
    assertThat(a.mirror().outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(5);
    assertThat(b.mirror().outcomeCounts().get("v2", OutcomeKind.MATCH)).isEqualTo(55);
    // What A held when it died ended there without an answer, never as a second comparison.
    assertThat(a.mirror().outcomeCounts().get("v2", OutcomeKind.DROPPED_SHUTDOWN)).isEqualTo(8);
    assertThat(b.mirror().outcomeCounts().total("v2")).isEqualTo(55);
  }
}
