package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.core.PathDifference;
import dev.trafficmirror.core.internal.compare.JsonText;
import dev.trafficmirror.spi.Difference;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The differences seen at one path of one route: a count, the last {@value #EXAMPLES} examples
 * (values cut to {@value #EXAMPLE_CHARS} characters) and, for JSON numbers, a histogram of
 * |production − shadow|. Fixed size. Thread-safe.
 */
final class PathStats {
  static final int EXAMPLES = 3;
  static final int EXAMPLE_CHARS = 80;

  private final ArrayDeque<PathDifference.Example> examples = new ArrayDeque<>(EXAMPLES);
  private @Nullable DeltaHistogram drift;
  private long count;

  synchronized void record(Difference difference) {
    count++;
    if (examples.size() == EXAMPLES) {
      examples.removeFirst();
    }
    examples.addLast(
        new PathDifference.Example(cut(difference.production()), cut(difference.shadow())));
    if (!difference.path().startsWith("/")) {
      return; // Drift is for JSON numbers: a status or header that looks numeric is not a score.
    }
    double production = number(difference.production());
    double shadow = number(difference.shadow());
    if (!Double.isNaN(production) && !Double.isNaN(shadow)) {
      if (drift == null) {
        drift = new DeltaHistogram();
      }
      drift.record(production - shadow);
    }
  }

  synchronized long count() {
    return count;
  }

  synchronized List<PathDifference.Example> examples() {
    return List.copyOf(examples);
  }

  synchronized PathDifference.@Nullable Drift drift() {
    DeltaHistogram d = drift;
    return d == null
        ? null
        : new PathDifference.Drift(
            d.count(), d.percentile(0.5), d.percentile(0.9), d.percentile(0.99));
  }

  private static @Nullable String cut(@Nullable String value) {
    return value == null ? null : JsonText.cap(value, EXAMPLE_CHARS);
  }

  /** Returns a JSON number's value, or NaN when {@code text} is not one. */
  static double number(@Nullable String text) {
    if (text == null || text.isEmpty() || text.length() > 40) {
      return Double.NaN;
    }
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    if ((first != '-' && (first < '0' || first > '9')) || last < '0' || last > '9') {
      return Double.NaN;
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isInfinite(value) ? Double.NaN : value;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
