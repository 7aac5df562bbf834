package dev.trafficmirror.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.redis.EntryRejection;
import dev.trafficmirror.redis.internal.ReplayEntry.Verdict;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

class ReplayEntryTest {
  private static final MirroredRequest REQUEST =
      MirroredRequest.builder("GET", "/").id("abc").build();
  private static final MirroredRequest OTHER =
      MirroredRequest.builder("GET", "/").id("other").build();

  private static ReplayEntry entry() {
    return new ReplayEntry(new StreamEntryID(1, 0), Map.of(), 1, Set.of("a", "b"));
  }

  private static MirrorOutcome outcome(String target, OutcomeKind kind) {
    return outcome(target, kind, REQUEST);
  }

  private static MirrorOutcome outcome(String target, OutcomeKind kind, MirroredRequest request) {
    return MirrorOutcome.builder(target, kind, request)
        .error(kind == OutcomeKind.SHADOW_ERROR ? new IOException("refused") : null)
        .build();
  }

  @Test
  void completesOnceEveryTargetReported_aRepeatedTargetIsIgnored() {
    ReplayEntry entry = entry();
    assertThat(entry.record(outcome("a", OutcomeKind.MATCH))).isFalse();
    assertThat(entry.record(outcome("a", OutcomeKind.MATCH))).isFalse();
    assertThat(entry.record(outcome("b", OutcomeKind.MISMATCH))).isTrue();
    assertThat(entry.verdict()).isEqualTo(Verdict.DONE);
  }

  @Test
  void verdicts_failureBeforeDrop_dropBeforeDone() {
    ReplayEntry failed = entry();
    failed.record(outcome("a", OutcomeKind.DROPPED_SHUTDOWN));
    failed.record(outcome("b", OutcomeKind.SHADOW_ERROR));
    assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(failed.failure()).isEqualTo("target b: shadow_error: java.io.IOException: refused");

    ReplayEntry dropped = entry();
    dropped.record(outcome("a", OutcomeKind.DROPPED_BUDGET));
    dropped.record(outcome("b", OutcomeKind.MATCH));
    assertThat(dropped.verdict()).isEqualTo(Verdict.DROPPED);

    ReplayEntry done = entry();
    done.record(outcome("a", OutcomeKind.COMPARISON_ERROR));
    done.record(outcome("b", OutcomeKind.DELIVERED));
    assertThat(done.verdict()).isEqualTo(Verdict.DONE);

    ReplayEntry timedOut = entry();
    timedOut.record(outcome("a", OutcomeKind.SHADOW_TIMEOUT));
    assertThat(timedOut.failure()).isEqualTo("target a: shadow_timeout");
  }

  @Test
  void unreadable_isFailedAtOnce() {
    ReplayEntry entry =
        ReplayEntry.unreadable(new StreamEntryID(2, 0), Map.of(), 0, "missing field format");
    assertThat(entry.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(entry.failure()).isEqualTo("unreadable record: missing field format");
  }

  @Test
  void rejected_isDeadLetteredAtOnceWithItsReason() {
    ReplayEntry entry =
        ReplayEntry.rejected(
            new StreamEntryID(2, 0), Map.of(), 1, EntryRejection.UNSIGNED, "unsigned entry");
    assertThat(entry.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(entry.rejection()).isEqualTo(EntryRejection.UNSIGNED);
    assertThat(entry.failure()).isEqualTo("rejected: unsigned: unsigned entry");
  }

  @Test
  void budgetDrop_whileNothingElseWasHeld_isOverBudget_otherwiseRetried() {
    ReplayEntry alone = entry();
    alone.submittedAlone();
    alone.record(outcome("a", OutcomeKind.DROPPED_BUDGET));
    alone.record(outcome("b", OutcomeKind.DROPPED_BUDGET));
    assertThat(alone.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(alone.rejection()).isEqualTo(EntryRejection.OVER_BUDGET);

    ReplayEntry crowded = entry();
    crowded.record(outcome("a", OutcomeKind.DROPPED_BUDGET));
    crowded.record(outcome("b", OutcomeKind.DROPPED_BUDGET));
    assertThat(crowded.verdict()).isEqualTo(Verdict.DROPPED);

    ReplayEntry shutdown = entry();
    shutdown.submittedAlone();
    shutdown.record(outcome("a", OutcomeKind.DROPPED_SHUTDOWN));
    shutdown.record(outcome("b", OutcomeKind.DROPPED_SHUTDOWN));
    assertThat(shutdown.verdict()).isEqualTo(Verdict.DROPPED);
  }

  @Test
  void tracker_matchesByMirrorIdAndTarget_handsOverCompletedEntries() throws Exception {
    OutcomeTracker tracker = new OutcomeTracker();
    ReplayEntry entry = entry();
    assertThat(tracker.track("abc", entry)).isTrue();
    assertThat(tracker.track("abc", entry())).isFalse();

    tracker.onOutcome(outcome("a", OutcomeKind.MATCH));
    tracker.onOutcome(outcome("b", OutcomeKind.MATCH, OTHER));
    assertThat(tracker.pollCompleted()).isNull();
    tracker.onOutcome(outcome("b", OutcomeKind.MATCH));
    assertThat(tracker.pollCompleted(0)).isSameAs(entry);
    // Once complete it is no longer tracked: the mirror id is free for a retry.
    assertThat(tracker.track("abc", entry())).isTrue();
  }

  @Test
  void tracker_ignoringAfterAbandon_completesNothing() {
    OutcomeTracker tracker = new OutcomeTracker();
    tracker.track("abc", entry());
    tracker.ignoreFromNowOn();
    tracker.onOutcome(outcome("a", OutcomeKind.MATCH));
    tracker.onOutcome(outcome("b", OutcomeKind.MATCH));
    assertThat(tracker.pollCompleted()).isNull();
  }
}
