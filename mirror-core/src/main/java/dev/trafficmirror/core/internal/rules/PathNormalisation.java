package dev.trafficmirror.core.internal.rules;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Normalises a raw request path (as received, not decoded) for path rules and route statistics, so
 * that spellings a container or an application treats as one path are one path here too:
 *
 * <ul>
 *   <li>percent-encoded unreserved characters ({@code ALPHA / DIGIT / - . _ ~}, hex digits in
 *       either case) are decoded, and every other percent-encoding is kept with upper-case hex;
 *   <li>{@code ;} parameters are stripped from each segment ({@code /admin;jsessionid=1} is {@code
 *       /admin});
 *   <li>empty segments are collapsed ({@code //} is {@code /}), a trailing {@code /} kept;
 *   <li>dot segments are removed after decoding, as RFC 3986 section 5.2.4 does ({@code %2e%2e} is
 *       {@code ..}).
 * </ul>
 *
 * <p>A path that does not start with {@code /}, has a {@code %} not followed by two hex digits,
 * encodes a {@code /} ({@code %2F}) or NUL ({@code %00}), holds a raw NUL, or climbs above the root
 * with {@code ..} cannot be normalised: {@link #normalise} returns null, and the request is not
 * mirrored ({@code SKIPPED_BAD_PATH}). An encoded {@code /} is refused rather than guessed at,
 * because containers and applications disagree on whether it separates segments.
 *
 * <p>A path that needs no change is returned as it is, without allocating. Stateless and
 * thread-safe.
 */
public final class PathNormalisation {
  private PathNormalisation() {}

  /** Returns the normalised form of {@code rawPath}, or null when it cannot be normalised. */
  public static @Nullable String normalise(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return null;
    }
    return isNormal(rawPath) ? rawPath : rewrite(rawPath);
  }

  /** Returns whether {@code path} holds nothing {@link #rewrite} would change or refuse. */
  private static boolean isNormal(String path) {
    int n = path.length();
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '%' || c == ';' || c == 0) {
        return false;
      }
      if (c == '/' && i + 1 < n) {
        char next = path.charAt(i + 1);
        if (next == '/') {
          return false;
        }
        if (next == '.' && isDotSegment(path, i + 1)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Returns whether the segment starting at {@code start} is {@code .} or {@code ..}. */
  private static boolean isDotSegment(String path, int start) {
    int end = path.indexOf('/', start);
    int length = (end < 0 ? path.length() : end) - start;
    return length == 1 || (length == 2 && path.charAt(start + 1) == '.');
  }

  private static @Nullable String rewrite(String path) {
    List<String> segments = new ArrayList<>();
    boolean trailingSlash = false;
    int start = 1;
    while (true) {
      int end = path.indexOf('/', start);
      boolean last = end < 0;
      if (last) {
        end = path.length();
      }
      int semicolon = path.indexOf(';', start);
      String segment = decode(path, start, semicolon >= 0 && semicolon < end ? semicolon : end);
      if (segment == null) {
        return null;
      }
      trailingSlash = false;
      switch (segment) {
        case "", "." -> trailingSlash = true;
        case ".." -> {
          if (segments.isEmpty()) {
            return null;
          }
          segments.remove(segments.size() - 1);
          trailingSlash = true;
        }
        default -> segments.add(segment);
      }
      if (last) {
        break;
      }
      start = end + 1;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (String segment : segments) {
      out.append('/').append(segment);
    }
    if (segments.isEmpty() || trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  /**
   * Returns {@code path[start, end)} with unreserved characters decoded, or null when it is
   * malformed.
   */
  private static @Nullable String decode(String path, int start, int end) {
    StringBuilder out = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c == 0) {
        return null;
      }
      if (c != '%') {
        out.append(c);
        continue;
      }
      int high = i + 2 < end ? hex(path.charAt(i + 1)) : -1;
      int low = high < 0 ? -1 : hex(path.charAt(i + 2));
      if (low < 0) {
        return null;
      }
      char decoded = (char) (high << 4 | low);
      if (decoded == 0 || decoded == '/') {
        return null;
      }
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%')
            .append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }

  /** Returns the value of an ASCII hex digit, or -1. */
  private static int hex(char c) {
    return c >= '0' && c <= '9'
        ? c - '0'
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
