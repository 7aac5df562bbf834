package dev.trafficmirror.testing;

import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** An outcome listener that records every outcome by the test id of its request. Thread-safe. */
public final class RecordingOutcomes implements OutcomeListener {
  private final Map<String, List<MirrorOutcome>> byTestId = new ConcurrentHashMap<>();
  private final List<MirrorOutcome> all = new CopyOnWriteArrayList<>();

  @Override
  public void onOutcome(MirrorOutcome outcome) {
    all.add(outcome);
    String id = outcome.request().headers().first(TestIds.HEADER);
    if (id != null) {
      byTestId.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(outcome);
    }
  }

  /** Waits (up to 10 s) for the first outcome of test {@code testId} and returns it. */
  public MirrorOutcome await(String testId) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !of(testId).isEmpty());
    return of(testId).get(0);
  }

  /** Returns the outcomes of test {@code testId} so far. */
  public List<MirrorOutcome> of(String testId) {
    return List.copyOf(byTestId.getOrDefault(testId, List.of()));
  }

  /** Returns the outcomes by test id so far. */
  public Map<String, List<MirrorOutcome>> byTestId() {
    return Map.copyOf(byTestId);
  }

  /** Returns every outcome so far. */
  public List<MirrorOutcome> all() {
    return List.copyOf(all);
  }
}
