package dev.trafficmirror.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How often one target's answers differed from production's at one path of one route: the count,
 * the rate among the route's compared copies, the last few examples, and for numbers the drift
 * |production − shadow|. Paths are {@code status}, {@code header:<name>}, {@code body}, or a JSON
 * Pointer whose array indices into records read {@code *}. Immutable.
 *
 * @param route the route, for example {@code POST /predict}
 * @param path where the answers differed, for example {@code /label} or {@code /items/*}{@code /id}
 * @param count how many compared copies differed there
 * @param rate {@code count} over the route's compared copies (MATCH + MISMATCH)
 * @param noise with a baseline ({@code mirror.baseline}): whether the path is noise, differing for
 *     the baseline about as often; null without a baseline
 * @param examples the latest differing values, newest last (at most three)
 * @param drift for numeric values, percentiles of |production − shadow|; null when no numeric
 *     difference was seen
 */
public record PathDifference(
    String route,
    String path,
    long count,
    double rate,
    @Nullable Boolean noise,
    List<Example> examples,
    @Nullable Drift drift) {

  /** Copies the examples. */
  public PathDifference {
    examples = List.copyOf(examples);
  }

  /**
   * One differing pair of values, each at most 80 characters.
   *
   * @param production production's value, or null when absent
   * @param shadow the shadow's value, or null when absent
   */
  public record Example(@Nullable String production, @Nullable String shadow) {}

  /**
   * Percentiles of |production − shadow| over the numeric differences at a path, with about 12 %
   * resolution.
   *
   * @param count how many numeric differences were recorded
   * @param p50 the median
   * @param p90 the 90th percentile
   * @param p99 the 99th percentile
   */
  public record Drift(long count, double p50, double p90, double p99) {}
}
