package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.MirrorOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Differences by path for every target and, with a baseline target (one running production's own
 * version), which paths are noise by {@link NoiseRule}: the baseline's differences at a route and
 * path against the candidate's. Fed on mirror threads. Thread-safe.
 */
final class DifferenceStatistics {
  private final Map<String, DifferenceTable> tables = new LinkedHashMap<>();
  private final @Nullable String baseline;

  /**
   * Creates statistics for {@code targets}, each keeping at most {@code maxRoutes} routes.
   *
   * @param baseline the baseline target's name, or null for none
   */
  public DifferenceStatistics(
      Collection<String> targets, @Nullable String baseline, int maxRoutes) {
    targets.forEach(name -> tables.put(name, new DifferenceTable(maxRoutes)));
    this.baseline = baseline;
  }

  /** Returns the baseline's name, or null. */
  public @Nullable String baseline() {
    return baseline;
  }

  /**
   * Records a compared copy (an outcome with a comparison; others are ignored) and returns whether
   * it agrees once noise, as known now, is excluded: a match, or a mismatch whose every difference
   * lies on a noise path. Without a baseline only a match agrees.
   */
  public boolean record(MirrorOutcome outcome) {
    return record(outcome, outcome.comparison());
  }

  /**
   * Records {@code outcome} as {@link #record(MirrorOutcome)} does, with {@code comparison} (its
   * own, with sensitive values redacted) in its place: the values kept as examples are shown.
   */
  public boolean record(MirrorOutcome outcome, @Nullable Comparison comparison) {
    DifferenceTable table = tables.get(outcome.target());
    if (comparison == null || table == null) {
      return false;
    }
    String route = RouteKeys.of(outcome.request().method(), outcome.request().path());
    DifferenceTable.Signature signature = table.record(route, comparison);
    return comparison.matches()
        || (signature != null && allNoise(outcome.target(), table, signature));
  }

  /** Returns {@code target}'s differences by route and path, highest rate first. */
  public List<PathDifference> rows(String target) {
    DifferenceTable table = tables.get(target);
    if (table == null) {
      return List.of();
    }
    List<PathDifference> rows = new ArrayList<>();
    table
        .routes()
        .forEach(
            (route, byPath) ->
                byPath
                    .paths()
                    .forEach(
                        (path, stats) -> {
                          Boolean noise =
                              baseline == null ? null : isNoise(target, table, route, path);
                          rows.add(
                              new PathDifference(
                                  route,
                                  path,
                                  stats.count(),
                                  byPath.rate(stats),
                                  noise,
                                  stats.examples(),
                                  stats.drift()));
                        }));
    rows.sort(
        Comparator.comparingDouble(PathDifference::rate)
            .reversed()
            .thenComparing(PathDifference::count, Comparator.reverseOrder())
            .thenComparing(PathDifference::route)
            .thenComparing(PathDifference::path));
    return rows;
  }

  /**
   * Returns the share of {@code target}'s compared copies that agree once noise is excluded, by
   * today's noise; NaN without a baseline, for the baseline itself, or when nothing was compared.
   */
  public double agreementExcludingNoise(String target) {
    DifferenceTable table = tables.get(target);
    if (baseline == null || target.equals(baseline) || table == null || table.compared() == 0) {
      return Double.NaN;
    }
    long agreeing = table.matched();
    for (Map.Entry<DifferenceTable.Signature, LongAdder> e : table.signatures().entrySet()) {
      if (allNoise(target, table, e.getKey())) {
        agreeing += e.getValue().sum();
      }
    }
    return Math.min(1, (double) agreeing / table.compared());
  }

  private boolean allNoise(
      String target, DifferenceTable table, DifferenceTable.Signature signature) {
    for (String path : signature.paths()) {
      if (!isNoise(target, table, signature.route(), path)) {
        return false;
      }
    }
    return true;
  }

  private boolean isNoise(String target, DifferenceTable table, String route, String path) {
    if (baseline == null) {
      return false;
    }
    if (target.equals(baseline)) {
      return true;
    }
    DifferenceTable base = tables.get(baseline);
    RouteDifferences mine = table.route(route);
    RouteDifferences theirs = base == null ? null : base.route(route);
    if (mine == null || theirs == null || RouteDifferences.OTHER_PATHS.equals(path)) {
      return false;
    }
    PathStats baseStats = theirs.find(path);
    return NoiseRule.isNoise(
        mine.rate(mine.find(path)),
        baseStats == null ? 0 : baseStats.count(),
        theirs.rate(baseStats));
  }
}
