package dev.trafficmirror.core.internal.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trafficmirror.core.LatencySummary;
import dev.trafficmirror.core.RouteStatistics;
import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.core.TargetState;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.OutcomeListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps per-target and per-route statistics from outcomes, the differences by path (with noise
 * calibrated by the baseline, when there is one), and a per-minute series per target. The route
 * table of each target is bounded (Caffeine, {@code maxRoutes}), so hostile or high-cardinality
 * paths cannot grow memory. Fed on mirror threads, never on production threads. Thread-safe.
 */
public final class StatisticsRecorder implements OutcomeListener {
  private final Map<String, TrafficSeries> targets = new LinkedHashMap<>();
  private final Map<String, Cache<String, TrafficSeries>> routes = new LinkedHashMap<>();
  private final Map<String, MinuteSeries> minutes = new LinkedHashMap<>();
  private final DifferenceStatistics differences;
  private final Redaction redaction;

  /**
   * Creates statistics for the given targets, keeping at most {@code maxRoutes} routes per target.
   */
  public StatisticsRecorder(Collection<String> targetNames, int maxRoutes) {
    this(targetNames, maxRoutes, null);
  }

  /**
   * Creates statistics for the given targets, keeping at most {@code maxRoutes} routes per target.
   *
   * @param baseline the baseline target, or null for none
   */
  public StatisticsRecorder(
      Collection<String> targetNames, int maxRoutes, @Nullable String baseline) {
    this(targetNames, maxRoutes, baseline, new Redaction(SensitiveData.defaults()));
  }

  /**
   * Creates statistics for the given targets, keeping at most {@code maxRoutes} routes per target;
   * difference values kept as examples are redacted by {@code redaction}.
   *
   * @param baseline the baseline target, or null for none
   */
  public StatisticsRecorder(
      Collection<String> targetNames,
      int maxRoutes,
      @Nullable String baseline,
      Redaction redaction) {
    this.redaction = redaction;
    for (String name : targetNames) {
      targets.put(name, new TrafficSeries());
      routes.put(name, Caffeine.newBuilder().maximumSize(maxRoutes).<String, TrafficSeries>build());
      minutes.put(name, new MinuteSeries());
    }
    this.differences = new DifferenceStatistics(targetNames, baseline, maxRoutes);
  }

  @Override
  public void onOutcome(MirrorOutcome outcome) {
    TrafficSeries target = targets.get(outcome.target());
    Cache<String, TrafficSeries> byRoute = routes.get(outcome.target());
    MinuteSeries perMinute = minutes.get(outcome.target());
    if (target == null || byRoute == null || perMinute == null) {
      return;
    }
    target.record(outcome);
    String route = RouteKeys.of(outcome.request().method(), outcome.request().path());
    byRoute.get(route, k -> new TrafficSeries()).record(outcome);
    Comparison comparison = outcome.comparison();
    perMinute.record(
        outcome,
        differences.record(outcome, comparison == null ? null : redaction.comparison(comparison)));
  }

  /** Returns the series of {@code target}, or null for an unknown one. */
  public @Nullable TrafficSeries target(String target) {
    return targets.get(target);
  }

  /** Returns the routes of {@code target}, most sampled first. */
  public List<Map.Entry<String, TrafficSeries>> routes(String target) {
    Cache<String, TrafficSeries> byRoute = routes.get(target);
    if (byRoute == null) {
      return List.of();
    }
    byRoute.cleanUp();
    return byRoute.asMap().entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .sorted(
            Comparator.comparingLong((Map.Entry<String, TrafficSeries> e) -> e.getValue().total())
                .reversed())
        .toList();
  }

  /**
   * Returns the statistics of {@code target} now.
   *
   * @param exact the exact outcome counts by kind (from the counters, not the listeners)
   * @param state whether the target takes copies
   * @param now the end of the per-minute series
   */
  public TargetStatistics snapshot(
      String target, Map<OutcomeKind, Long> exact, TargetState state, Instant now) {
    TrafficSeries series = targets.get(target);
    MinuteSeries perMinute = minutes.get(target);
    if (series == null || perMinute == null) {
      throw new IllegalArgumentException("no target named " + target);
    }
    List<RouteStatistics> byRoute = new ArrayList<>();
    for (Map.Entry<String, TrafficSeries> route : routes(target)) {
      TrafficSeries r = route.getValue();
      byRoute.add(
          new RouteStatistics(
              route.getKey(), r.counts(), summary(r.production()), summary(r.shadow())));
    }
    return new TargetStatistics(
        target,
        exact,
        summary(series.production()),
        summary(series.shadow()),
        series.productionErrors(),
        byRoute,
        target.equals(differences.baseline()),
        state,
        differences.rows(target),
        differences.agreementExcludingNoise(target),
        perMinute.snapshot(now));
  }

  private static LatencySummary summary(LatencyHistogram h) {
    long count = h.count();
    return count == 0
        ? new LatencySummary(0, null, null, null)
        : new LatencySummary(count, h.percentile(0.5), h.percentile(0.9), h.percentile(0.99));
  }
}
