package dev.trafficmirror.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeListener;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps per-target and per-route statistics from outcomes. The route table of each target is
 * bounded (Caffeine, {@code maxRoutes}), so hostile or high-cardinality paths cannot grow memory.
 * Fed on mirror threads, never on production threads. Thread-safe.
 */
public final class StatisticsRecorder implements OutcomeListener {
  private final Map<String, TrafficSeries> targets = new LinkedHashMap<>();
  private final Map<String, Cache<String, TrafficSeries>> routes = new LinkedHashMap<>();

  /** Creates statistics for the given targets, keeping at most {@code maxRoutes} routes per target. */
  public StatisticsRecorder(Collection<String> targetNames, int maxRoutes) {
    for (String name : targetNames) {
      targets.put(name, new TrafficSeries());
      routes.put(name, Caffeine.newBuilder().maximumSize(maxRoutes).<String, TrafficSeries>build());
    }
  }

  @Override
  public void onOutcome(MirrorOutcome outcome) {
    TrafficSeries target = targets.get(outcome.target());
    Cache<String, TrafficSeries> byRoute = routes.get(outcome.target());
    if (target == null || byRoute == null) {
      return;
    }
    target.record(outcome);
    String route = RouteKeys.of(outcome.request().method(), outcome.request().path());
    byRoute.get(route, k -> new TrafficSeries()).record(outcome);
  }

  /** Returns the series of {@code target}, or null for an unknown one. */
  public @org.jspecify.annotations.Nullable TrafficSeries target(String target) {
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
        .sorted(Comparator.comparingLong((Map.Entry<String, TrafficSeries> e) -> e.getValue().total()).reversed())
        .toList();
  }
}
