package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.spi.Difference;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a difference's path into the key it is aggregated under. {@code status}, {@code body} and
 * {@code header:<name>} (name in lower case) stay as they are. In a JSON Pointer, an array index
 * becomes {@code *} when the element is a record rather than a position: when the pointer goes on
 * into the element ({@code /items/3/price} is {@code /items/*}{@code /price}), or when the element
 * itself differs as an object or array. An index to a scalar at the end stays, because arrays of
 * scalars are usually positional ({@code /scores/2} is the score of class 2).
 */
final class PathKeys {
  private PathKeys() {}

  /** Returns the aggregation key of {@code difference}. */
  public static String of(Difference difference) {
    String path = difference.path();
    if (path.regionMatches(true, 0, "header:", 0, 7)) {
      return "header:" + path.substring(7).toLowerCase(Locale.ROOT);
    }
    if (!path.startsWith("/")) {
      return path;
    }
    boolean lastIsContainer =
        isContainer(difference.production()) || isContainer(difference.shadow());
    StringBuilder key = new StringBuilder(path.length());
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      boolean last = end < 0;
      String segment = path.substring(start, last ? path.length() : end);
      key.append('/').append(isIndex(segment) && (!last || lastIsContainer) ? "*" : segment);
      if (last) {
        break;
      }
      start = end + 1;
    }
    return key.toString();
  }

  private static boolean isIndex(String segment) {
    if (segment.isEmpty()
        || segment.length() > 9
        || (segment.length() > 1 && segment.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isContainer(@Nullable String rendered) {
    return rendered != null
        && !rendered.isEmpty()
        && (rendered.charAt(0) == '{' || rendered.charAt(0) == '[');
  }
}
