package dev.trafficmirror.core.config;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The reason given for an unknown configuration key, with the nearest known key when one is close
 * enough to be a likely misspelling: {@code mirror.sample_rate} suggests {@code
 * mirror.sample-rate}. Stateless.
 */
public final class NearestKey {
  private static final String UNKNOWN = "is not a known key (see docs/configuration.md)";

  private NearestKey() {}

  /** Returns the reason for the unknown {@code key}, suggesting the nearest of {@code known}. */
  public static String unknownKey(String key, Collection<String> known) {
    String nearest = nearest(key, known);
    return nearest == null ? UNKNOWN : UNKNOWN + "; did you mean " + nearest + "?";
  }

  /**
   * Returns the known key at the smallest edit distance from {@code key} (the first in {@code
   * known}'s order on a tie), or null when none is within a third of the key's length, at most 4.
   */
  static @Nullable String nearest(String key, Collection<String> known) {
    int limit = Math.min(4, Math.max(1, key.length() / 3));
    String best = null;
    int bestDistance = limit + 1;
    for (String candidate : known) {
      int d = distance(key, candidate, bestDistance);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * Returns the optimal string alignment distance (insertions, deletions, substitutions and swaps
   * of neighbours, case-insensitive), or {@code bound} when it is at least {@code bound}.
   */
  static int distance(String a, String b, int bound) {
    if (Math.abs(a.length() - b.length()) >= bound) {
      return bound;
    }
    int[] before = new int[b.length() + 1];
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = i;
      char ca = Character.toLowerCase(a.charAt(i - 1));
      for (int j = 1; j <= b.length(); j++) {
        char cb = Character.toLowerCase(b.charAt(j - 1));
        int cost = ca == cb ? 0 : 1;
        int d = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        if (i > 1
            && j > 1
            && ca == Character.toLowerCase(b.charAt(j - 2))
            && Character.toLowerCase(a.charAt(i - 2)) == cb) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin >= bound) {
        return bound;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    return Math.min(previous[b.length()], bound);
  }
}
