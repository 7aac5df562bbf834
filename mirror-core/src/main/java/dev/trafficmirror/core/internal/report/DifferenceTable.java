package dev.trafficmirror.core.internal.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One target's differences by route and path, and how its compared copies split by the set of paths
 * they differed at (their <i>signature</i>), so that the agreement excluding noise can be computed
 * again whenever what counts as noise changes. Routes are bounded by Caffeine ({@code maxRoutes}),
 * paths per route by {@link RouteDifferences}, signatures by {@value #MAX_SIGNATURES}: a mismatch
 * whose signature finds no room is counted as <i>unclassified</i>, never as agreeing. Thread-safe.
 */
final class DifferenceTable {
  static final int MAX_SIGNATURES = 256;

  /** The paths one mismatching copy differed at on one route. */
  record Signature(String route, List<String> paths) {}

  private final Cache<String, RouteDifferences> routes;
  private final Map<Signature, LongAdder> signatures = new ConcurrentHashMap<>();
  private final LongAdder compared = new LongAdder();
  private final LongAdder matched = new LongAdder();
  private final LongAdder unclassified = new LongAdder();

  DifferenceTable(int maxRoutes) {
    this.routes = Caffeine.newBuilder().maximumSize(maxRoutes).build();
  }

  /**
   * Records one compared copy; returns its signature, or null for a match or a mismatch that could
   * not be classified (differences beyond those listed, or no room for its signature).
   */
  @Nullable Signature record(String route, Comparison comparison) {
    compared.increment();
    RouteDifferences byPath = routes.get(route, r -> new RouteDifferences());
    byPath.compared();
    if (comparison.matches()) {
      matched.increment();
      return null;
    }
    TreeSet<String> keys = new TreeSet<>();
    for (Difference d : comparison.differences()) {
      String key = PathKeys.of(d);
      byPath.path(key).record(d);
      keys.add(key);
    }
    if (comparison.differenceCount() > comparison.differences().size() || keys.isEmpty()) {
      unclassified.increment();
      return null;
    }
    Signature signature = new Signature(route, List.copyOf(keys));
    LongAdder n = signatures.get(signature);
    if (n == null) {
      n =
          signatures.size() < MAX_SIGNATURES
              ? signatures.computeIfAbsent(signature, s -> new LongAdder())
              : null;
    }
    if (n == null) {
      unclassified.increment();
      return null;
    }
    n.increment();
    return signature;
  }

  @Nullable RouteDifferences route(String route) {
    return routes.getIfPresent(route);
  }

  Map<String, RouteDifferences> routes() {
    routes.cleanUp();
    return routes.asMap();
  }

  Map<Signature, LongAdder> signatures() {
    return signatures;
  }

  long compared() {
    return compared.sum();
  }

  long matched() {
    return matched.sum();
  }
}
