package dev.trafficmirror.core.internal.report;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The differences of one target on one route, by path: at most {@value #MAX_PATHS} paths; the
 * differences at further paths are counted under {@value #OTHER_PATHS}. Thread-safe.
 */
final class RouteDifferences {
  static final int MAX_PATHS = 32;
  static final String OTHER_PATHS = "(other paths)";

  private final LongAdder compared = new LongAdder();
  private final Map<String, PathStats> paths = new ConcurrentHashMap<>();

  void compared() {
    compared.increment();
  }

  long comparedCount() {
    return compared.sum();
  }

  /** Returns the stats of {@code key}, created if there is room, else those of the other paths. */
  PathStats path(String key) {
    PathStats stats = paths.get(key);
    if (stats != null) {
      return stats;
    }
    // Size is checked before adding: a race may exceed the bound by the number of workers, no more.
    String slot = paths.size() < MAX_PATHS ? key : OTHER_PATHS;
    return paths.computeIfAbsent(slot, k -> new PathStats());
  }

  @Nullable PathStats find(String key) {
    return paths.get(key);
  }

  /** Returns {@code count / compared} of {@code key}, or 0 when unknown or nothing was compared. */
  double rate(@Nullable PathStats stats) {
    long n = compared.sum();
    return stats == null || n == 0 ? 0 : Math.min(1, (double) stats.count() / n);
  }

  Map<String, PathStats> paths() {
    return paths;
  }
}
