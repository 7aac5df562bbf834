package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.spi.Headers;
import java.util.List;

/**
 * Compares chosen headers: values exactly and in order, except {@code Content-Type}, compared as a
 * media type by {@link MediaType#comparable}: type and subtype, plus the parameters configured.
 */
public final class HeaderComparison {
  private HeaderComparison() {}

  /**
   * Adds a difference at {@code header:<Name>} for each of {@code names} whose values differ;
   * {@code Content-Type} compares {@code contentTypeParameters} (lower case) besides its type.
   */
  public static void compare(
      List<String> names,
      List<String> contentTypeParameters,
      Headers production,
      Headers shadow,
      DifferenceSink sink) {
    for (String name : names) {
      List<String> p = production.all(name);
      List<String> s = shadow.all(name);
      boolean same =
          name.equalsIgnoreCase("Content-Type")
              ? comparable(p, contentTypeParameters).equals(comparable(s, contentTypeParameters))
              : p.equals(s);
      if (!same) {
        sink.add(
            "header:" + name,
            p.isEmpty() ? null : String.join(", ", p),
            s.isEmpty() ? null : String.join(", ", s));
      }
    }
  }

  private static List<String> comparable(List<String> values, List<String> parameters) {
    return values.stream().map(v -> MediaType.comparable(v, parameters)).toList();
  }
}
