package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.core.internal.rules.PathNormalisation;

/**
 * Normalises request paths into route keys for statistics: the path as the path rules see it
 * ({@link PathNormalisation}), numeric and UUID segments as {@code {id}}, and long paths cut, so
 * that ids in paths do not make a route per request. A path that cannot be normalised has the one
 * route {@code METHOD <bad path>}.
 */
final class RouteKeys {
  /** Longest route key kept; hostile paths cannot make keys larger. */
  static final int MAX_LENGTH = 120;

  private RouteKeys() {}

  /** The route of every path that cannot be normalised, after the method. */
  static final String BAD_PATH = "<bad path>";

  /**
   * The last method, raw path and route computed on each thread. Several listeners ask for the
   * route of each outcome (statistics, differences, the log), and most traffic repeats a few paths,
   * so the route is usually the one just computed; a different path costs one comparison more.
   * Holds JDK strings only, so a container's threads keep no class of the library alive.
   */
  private static final ThreadLocal<String[]> LAST = ThreadLocal.withInitial(() -> new String[3]);

  /** Returns {@code METHOD /normalised/path} for a raw request path. */
  public static String of(String method, String rawPath) {
    String[] last = LAST.get();
    if (rawPath.equals(last[1]) && method.equals(last[0])) {
      return last[2];
    }
    String route = compute(method, rawPath);
    last[0] = method;
    last[1] = rawPath;
    last[2] = route;
    return route;
  }

  private static String compute(String method, String rawPath) {
    String path = PathNormalisation.normalise(rawPath);
    if (path == null) {
      return method + ' ' + BAD_PATH;
    }
    StringBuilder out =
        new StringBuilder(Math.min(path.length(), MAX_LENGTH) + method.length() + 1);
    out.append(method).append(' ');
    int start = 0;
    int length = path.length();
    while (start <= length && out.length() < MAX_LENGTH) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      if (start > 0) {
        out.append('/');
      }
      if (isId(path, start, end)) {
        out.append("{id}");
      } else {
        out.append(path, start, end);
      }
      start = end + 1;
    }
    if (out.length() > MAX_LENGTH) {
      out.setLength(MAX_LENGTH);
      out.append('…');
    }
    return out.toString();
  }

  private static boolean isId(String s, int start, int end) {
    int n = end - start;
    if (n == 0) {
      return false;
    }
    boolean digits = true;
    for (int i = start; i < end; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        digits = false;
        break;
      }
    }
    return digits || (n == 36 && isUuid(s, start));
  }

  private static boolean isUuid(String s, int start) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
