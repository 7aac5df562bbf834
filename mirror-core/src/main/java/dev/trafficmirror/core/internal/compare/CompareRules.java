package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.core.Tolerance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which JSON paths to skip, how closely to compare numbers where, and which arrays are unordered.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class CompareRules {
  private final List<PointerPattern> ignored;
  private final Tolerance globalTolerance;
  private final List<Map.Entry<PointerPattern, Tolerance>> tolerances;
  private final List<PointerPattern> unordered;

  /**
   * Creates rules.
   *
   * @param tolerances per-path tolerances in the order configured; on a tie in specificity the one
   *     configured last wins
   */
  public CompareRules(
      List<PointerPattern> ignored,
      Tolerance globalTolerance,
      List<Map.Entry<PointerPattern, Tolerance>> tolerances,
      List<PointerPattern> unordered) {
    this.ignored = List.copyOf(ignored);
    this.globalTolerance = globalTolerance;
    List<Map.Entry<PointerPattern, Tolerance>> mostSpecificFirst = new ArrayList<>(tolerances);
    Collections.reverse(mostSpecificFirst);
    // Stable sort: among equally specific patterns the one configured last stays first.
    mostSpecificFirst.sort(
        Comparator.comparingInt((Map.Entry<PointerPattern, Tolerance> e) -> -e.getKey().length())
            .thenComparingInt(e -> e.getKey().wildcards()));
    this.tolerances = List.copyOf(mostSpecificFirst);
    this.unordered = List.copyOf(unordered);
  }

  /** Returns whether {@code path} or a place above it is ignored. */
  public boolean ignored(List<String> path) {
    for (PointerPattern pattern : ignored) {
      if (pattern.covers(path)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the tolerance of the most specific pattern covering {@code path}, else global. */
  public Tolerance toleranceAt(List<String> path) {
    for (Map.Entry<PointerPattern, Tolerance> entry : tolerances) {
      if (entry.getKey().covers(path)) {
        return entry.getValue();
      }
    }
    return globalTolerance;
  }

  /** Returns whether the array at {@code path} is compared without regard to order. */
  public boolean unorderedAt(List<String> path) {
    for (PointerPattern pattern : unordered) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
