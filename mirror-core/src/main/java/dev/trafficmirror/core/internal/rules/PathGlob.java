package dev.trafficmirror.core.internal.rules;

/**
 * A path pattern: {@code *} matches within one segment, {@code **} across segments, {@code ?} one
 * character other than {@code /}; a trailing {@code /**} also matches the bare prefix.
 *
 * <p>Matching allocates nothing. Patterns come from configuration; the cost is polynomial in the
 * number of stars, so keep patterns to a few.
 */
public final class PathGlob {
  private final String pattern;

  private PathGlob(String pattern) {
    this.pattern = pattern;
  }

  /**
   * Returns the glob for {@code pattern}.
   *
   * @throws IllegalArgumentException when it does not start with {@code /} (or is not {@code **})
   */
  public static PathGlob of(String pattern) {
    if (!pattern.startsWith("/") && !pattern.startsWith("*")) {
      throw new IllegalArgumentException("must start with / or *");
    }
    return new PathGlob(pattern);
  }

  /** Returns whether {@code path} matches. */
  public boolean matches(String path) {
    return match(0, path, 0);
  }

  private boolean match(int pi, String s, int si) {
    String p = pattern;
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        if (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
          int next = pi + 2;
          for (int k = si; k <= s.length(); k++) {
            if (match(next, s, k)) {
              return true;
            }
          }
          return false;
        }
        int next = pi + 1;
        for (int k = si; ; k++) {
          if (match(next, s, k)) {
            return true;
          }
          if (k == s.length() || s.charAt(k) == '/') {
            return false;
          }
        }
      }
      if (si == s.length()) {
        // "/prefix/**" also matches "/prefix".
        return c == '/' && pi + 3 == p.length() && p.startsWith("**", pi + 1);
      }
      if (c == '?' ? s.charAt(si) == '/' : s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
