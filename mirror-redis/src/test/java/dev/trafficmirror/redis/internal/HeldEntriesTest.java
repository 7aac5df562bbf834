package dev.trafficmirror.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

class HeldEntriesTest {
  private static ReplayEntry entry(long ms) {
    return new ReplayEntry(new StreamEntryID(ms, 0), Map.of(), 1, Set.of("v2"));
  }

  @Test
  void countsEverythingHeld_untilReleased() {
    HeldEntries held = new HeldEntries();
    ReplayEntry submitted = entry(1);
    ReplayEntry unreadable =
        ReplayEntry.unreadable(new StreamEntryID(2, 0), Map.of(), 1, "missing field format");
    held.submitted(submitted, "m1");
    held.completedNow(unreadable);

    assertThat(held.size()).isEqualTo(2);
    assertThat(held.ids()).containsExactly(submitted.id(), unreadable.id());
    assertThat(held.unsettled()).containsExactly(unreadable);

    held.completed(submitted);
    assertThat(held.unsettled()).containsExactly(unreadable, submitted);
    held.release(unreadable);
    held.release(submitted);
    assertThat(held.isEmpty()).isTrue();
    assertThat(held.unsettled()).isEmpty();
  }

  @Test
  void stuck_areSubmittedEntriesWaitingLongerThanTheBound_notCompletedOnes() {
    HeldEntries held = new HeldEntries();
    ReplayEntry waiting = entry(1);
    ReplayEntry completed = entry(2);
    held.submitted(waiting, "m1");
    held.submitted(completed, "m2");
    held.completed(completed);
    long bound = TimeUnit.SECONDS.toNanos(10);

    assertThat(held.stuck(System.nanoTime(), bound)).isEmpty();
    long later = System.nanoTime() + bound + 1;
    assertThat(held.stuck(later, bound)).containsExactly(Map.entry(waiting, "m1"));

    held.release(waiting);
    assertThat(held.stuck(later, bound)).isEmpty();
    assertThat(held.contains(completed.id())).isTrue();
  }
}
