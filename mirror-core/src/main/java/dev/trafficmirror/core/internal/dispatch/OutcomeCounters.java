package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.spi.OutcomeKind;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Live counts of outcomes by target and kind. Thread-safe; increments allocate nothing. */
public final class OutcomeCounters {
  private final Map<String, LongAdder[]> counts = new LinkedHashMap<>();

  /** Creates counters for the given targets. */
  public OutcomeCounters(Collection<String> targets) {
    for (String target : targets) {
      LongAdder[] adders = new LongAdder[OutcomeKind.values().length];
      for (int i = 0; i < adders.length; i++) {
        adders[i] = new LongAdder();
      }
      counts.put(target, adders);
    }
  }

  /** Counts one outcome. */
  public void increment(String target, OutcomeKind kind) {
    LongAdder[] adders = counts.get(target);
    if (adders != null) {
      adders[kind.ordinal()].increment();
    }
  }

  /** Returns a snapshot: target to kind to count, every kind present. */
  public Map<String, Map<OutcomeKind, Long>> snapshot() {
    Map<String, Map<OutcomeKind, Long>> snapshot = new LinkedHashMap<>();
    counts.forEach(
        (target, adders) -> {
          Map<OutcomeKind, Long> byKind = new EnumMap<>(OutcomeKind.class);
          for (OutcomeKind kind : OutcomeKind.values()) {
            byKind.put(kind, adders[kind.ordinal()].sum());
          }
          snapshot.put(target, byKind);
        });
    return snapshot;
  }
}
