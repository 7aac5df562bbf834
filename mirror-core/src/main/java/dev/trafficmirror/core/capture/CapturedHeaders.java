package dev.trafficmirror.core.capture;

import dev.trafficmirror.spi.Headers;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies headers from a web API into {@link Headers}, the same for every adapter. A header value
 * holds the bytes the client sent, one character per byte (ISO-8859-1), as HTTP/1 servers hand them
 * over; the HTTP target writes them back as the same bytes. A value with a character above {@code
 * U+00FF} was decoded some other way, so its bytes are no longer known: {@link
 * #bytesKnown(Headers)} tells, and such a copy is skipped rather than forwarded altered. Stateless.
 */
public final class CapturedHeaders {
  private CapturedHeaders() {}

  /** The values of one header name, as a web API hands them out. */
  @FunctionalInterface
  public interface Values {
    /** Returns the values of header {@code name}, or null when there are none. */
    @Nullable Iterator<String> of(String name);
  }

  /**
   * Copies {@code names} with their {@code values} (null or no values: none); a name that comes
   * again (Tomcat names a response header once per value) is copied once.
   */
  public static Headers of(Iterator<String> names, Values values) {
    Headers.Builder headers = Headers.builder();
    while (names.hasNext()) {
      String name = names.next();
      if (name == null || name.isEmpty() || headers.contains(name)) {
        continue;
      }
      Iterator<String> each = values.of(name);
      while (each != null && each.hasNext()) {
        String value = each.next();
        if (value != null) {
          headers.add(name, value);
        }
      }
    }
    return headers.build();
  }

  /** Copies a multi-valued map; null or empty names and null values are left out. */
  public static Headers of(Map<String, ? extends @Nullable List<String>> map) {
    return of(
        map.keySet().iterator(),
        name -> {
          List<String> values = map.get(name);
          return values == null ? null : values.iterator();
        });
  }

  /**
   * Returns whether every value holds one character per byte received (none above {@code U+00FF}).
   */
  public static boolean bytesKnown(Headers headers) {
    boolean[] known = {true};
    headers.forEach(
        (name, value) -> {
          for (int i = 0; i < value.length() && known[0]; i++) {
            if (value.charAt(i) > 0xFF) {
              known[0] = false;
            }
          }
        });
    return known[0];
  }
}
