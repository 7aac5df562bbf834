package dev.trafficmirror.core;

import dev.trafficmirror.spi.OutcomeKind;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Statistics of one target since the mirror was built: outcomes by kind (exact), agreement,
 * production and shadow latencies side by side, error rates, the busiest routes, the differences by
 * path (noise marked when a baseline is configured), its state, and a per-minute series. Immutable.
 *
 * @param target the target's name
 * @param counts outcomes by kind, every kind present; they add up to {@link #sampled()}
 * @param production production's latency for requests sampled for this target
 * @param shadow the shadow's latency for the calls it answered
 * @param productionErrors production responses that were 5xx or an exception
 * @param routes per-route statistics, most sampled first (at most {@code mirror.stats.max-routes})
 * @param baseline whether this target is the baseline ({@code mirror.baseline})
 * @param state whether it takes copies
 * @param differencesByPath differences by route and path, highest rate first
 * @param agreementRateExcludingNoise the share of compared copies whose differences all lie on
 *     noise paths (or that have none); NaN without a baseline, for the baseline itself, or when
 *     nothing was compared
 * @param perMinute the last hour, minute by minute, oldest first (minutes without outcomes left
 *     out)
 */
public record TargetStatistics(
    String target,
    Map<OutcomeKind, Long> counts,
    LatencySummary production,
    LatencySummary shadow,
    long productionErrors,
    List<RouteStatistics> routes,
    boolean baseline,
    TargetState state,
    List<PathDifference> differencesByPath,
    double agreementRateExcludingNoise,
    List<MinuteStatistics> perMinute) {

  /** Copies the collections. */
  public TargetStatistics {
    counts = Map.copyOf(counts);
    routes = List.copyOf(routes);
    differencesByPath = List.copyOf(differencesByPath);
    perMinute = List.copyOf(perMinute);
  }

  /** Statistics of a running target that is not the baseline, without differences or series. */
  public TargetStatistics(
      String target,
      Map<OutcomeKind, Long> counts,
      LatencySummary production,
      LatencySummary shadow,
      long productionErrors,
      List<RouteStatistics> routes) {
    this(
        target,
        counts,
        production,
        shadow,
        productionErrors,
        routes,
        false,
        TargetState.RUNNING,
        List.of(),
        Double.NaN,
        List.of());
  }

  /** Returns the count of {@code kind}. */
  public long count(OutcomeKind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** Returns the requests sampled for this target: the sum of all counts. */
  public long sampled() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Returns the copies sent to the shadow: answered, failed or timed out. */
  public long sent() {
    return sum(counts, k -> k.sent());
  }

  /** Returns the copies dropped ({@code DROPPED_*}). */
  public long dropped() {
    return sum(counts, k -> k.category() == OutcomeKind.Category.DROPPED);
  }

  /** Returns the copies skipped ({@code SKIPPED_*}). */
  public long skipped() {
    return sum(counts, k -> k.category() == OutcomeKind.Category.SKIPPED);
  }

  /** Returns MATCH / (MATCH + MISMATCH), or NaN when nothing was compared. */
  public double agreementRate() {
    return agreement(counts);
  }

  /** Returns (SHADOW_ERROR + SHADOW_TIMEOUT) / sent, or NaN when nothing was sent. */
  public double shadowErrorRate() {
    long sent = sent();
    return sent == 0
        ? Double.NaN
        : (double) (count(OutcomeKind.SHADOW_ERROR) + count(OutcomeKind.SHADOW_TIMEOUT)) / sent;
  }

  /** Returns production errors / sampled, or NaN when nothing was sampled. */
  public double productionErrorRate() {
    long sampled = sampled();
    return sampled == 0 ? Double.NaN : (double) productionErrors / sampled;
  }

  static double agreement(Map<OutcomeKind, Long> counts) {
    long match = counts.getOrDefault(OutcomeKind.MATCH, 0L);
    long compared = match + counts.getOrDefault(OutcomeKind.MISMATCH, 0L);
    return compared == 0 ? Double.NaN : (double) match / compared;
  }

  private static long sum(Map<OutcomeKind, Long> counts, Predicate<OutcomeKind> which) {
    long n = 0;
    for (Map.Entry<OutcomeKind, Long> e : counts.entrySet()) {
      if (which.test(e.getKey())) {
        n += e.getValue();
      }
    }
    return n;
  }
}
