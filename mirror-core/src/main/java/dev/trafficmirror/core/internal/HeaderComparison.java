package dev.trafficmirror.core.internal;

import dev.trafficmirror.spi.Headers;
import java.util.List;

/**
 * Compares chosen headers: values exactly and in order, except {@code Content-Type}, compared as a
 * media type ({@link MediaType#canonical}).
 */
public final class HeaderComparison {
  private HeaderComparison() {}

  /** Adds a difference at {@code header:<Name>} for each of {@code names} whose values differ. */
  public static void compare(
      List<String> names, Headers production, Headers shadow, DifferenceSink sink) {
    for (String name : names) {
      List<String> p = production.all(name);
      List<String> s = shadow.all(name);
      boolean same = name.equalsIgnoreCase("Content-Type")
          ? canonical(p).equals(canonical(s))
          : p.equals(s);
      if (!same) {
        sink.add("header:" + name, p.isEmpty() ? null : String.join(", ", p),
            s.isEmpty() ? null : String.join(", ", s));
      }
    }
  }

  private static List<String> canonical(List<String> values) {
    return values.stream().map(MediaType::canonical).toList();
  }
}
