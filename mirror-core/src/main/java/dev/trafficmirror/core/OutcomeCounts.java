package dev.trafficmirror.core;

import dev.trafficmirror.spi.OutcomeKind;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of how many outcomes of each kind every target had since the mirror was built. For
 * every target, the counts of all kinds add up to the requests sampled for it. Immutable.
 */
public final class OutcomeCounts {
  private final Map<String, Map<OutcomeKind, Long>> counts;

  OutcomeCounts(Map<String, Map<OutcomeKind, Long>> counts) {
    this.counts = Map.copyOf(counts);
  }

  /** Returns the target names. */
  public Set<String> targets() {
    return counts.keySet();
  }

  /** Returns the count of {@code kind} for {@code target}; zero for an unknown target. */
  public long get(String target, OutcomeKind kind) {
    Map<OutcomeKind, Long> byKind = counts.get(target);
    return byKind == null ? 0 : byKind.getOrDefault(kind, 0L);
  }

  /** Returns the count of every kind for {@code target}: the requests sampled for it. */
  public long total(String target) {
    Map<OutcomeKind, Long> byKind = counts.get(target);
    return byKind == null ? 0 : byKind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Returns counts by kind for {@code target}, every kind present; empty for an unknown target. */
  public Map<OutcomeKind, Long> byKind(String target) {
    return Map.copyOf(counts.getOrDefault(target, Map.of()));
  }

  @Override
  public String toString() {
    return "OutcomeCounts" + counts;
  }
}
