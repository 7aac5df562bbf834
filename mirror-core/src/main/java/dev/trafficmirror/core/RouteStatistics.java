package dev.trafficmirror.core;

import dev.trafficmirror.spi.OutcomeKind;
import java.util.Map;

/**
 * Statistics of one route of one target: outcomes, agreement and latencies. Routes are {@code
 * METHOD /path} with numeric and UUID segments shown as {@code {id}}. Immutable.
 *
 * @param route the route key, for example {@code POST /predict/{id}}
 * @param counts outcomes by kind, every kind present
 * @param production production's latency for these requests
 * @param shadow the shadow's latency for the calls it answered
 */
public record RouteStatistics(
    String route, Map<OutcomeKind, Long> counts, LatencySummary production, LatencySummary shadow) {
  /** Copies the counts. */
  public RouteStatistics {
    counts = Map.copyOf(counts);
  }

  /** Returns the count of {@code kind}. */
  public long count(OutcomeKind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** Returns the requests sampled for this route: the sum of all counts. */
  public long sampled() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Returns MATCH / (MATCH + MISMATCH), or NaN when nothing was compared. */
  public double agreementRate() {
    return TargetStatistics.agreement(counts);
  }
}
