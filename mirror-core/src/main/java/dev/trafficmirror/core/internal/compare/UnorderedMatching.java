package dev.trafficmirror.core.internal.compare;

import java.util.Arrays;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * Pairs the elements of two arrays so that as many as possible match, each element used once: a
 * maximum bipartite matching, found greedily (same index first, the usual case) and then completed
 * with augmenting paths, because with tolerances "matches" is not transitive and greedy pairing
 * alone can miss a full matching.
 */
final class UnorderedMatching {
  /** Whether production element {@code i} matches shadow element {@code j}. */
  interface PairTest {
    boolean matches(int i, int j);
  }

  /** Memoizes pair results up to this many pairs (two bit sets of this many bits). */
  private static final long MAX_MEMO_PAIRS = 1L << 22;

  private final int productionSize;
  private final int shadowSize;
  private final PairTest test;
  private final @Nullable BitSet tested;
  private final @Nullable BitSet matched;
  private final int[] productionMatch;
  private final int[] shadowMatch;

  private UnorderedMatching(int productionSize, int shadowSize, PairTest test) {
    this.productionSize = productionSize;
    this.shadowSize = shadowSize;
    this.test = test;
    boolean memo = (long) productionSize * shadowSize <= MAX_MEMO_PAIRS;
    this.tested = memo ? new BitSet() : null;
    this.matched = memo ? new BitSet() : null;
    this.productionMatch = new int[productionSize];
    this.shadowMatch = new int[shadowSize];
    Arrays.fill(productionMatch, -1);
    Arrays.fill(shadowMatch, -1);
  }

  /**
   * Returns, for each production element, the index of the shadow element it is paired with, or -1;
   * or null when {@code stopAtFirstUnmatched} and some production element cannot be paired.
   */
  static int @Nullable [] match(
      int productionSize, int shadowSize, PairTest test, boolean stopAtFirstUnmatched) {
    UnorderedMatching matching = new UnorderedMatching(productionSize, shadowSize, test);
    return matching.run(stopAtFirstUnmatched) ? matching.productionMatch : null;
  }

  private boolean run(boolean stopAtFirstUnmatched) {
    int unmatchedShadow = shadowSize;
    for (int i = 0; i < productionSize; i++) {
      int j = firstFreeMatch(i);
      if (j >= 0) {
        link(i, j);
        unmatchedShadow--;
      }
    }
    for (int i = 0; i < productionSize && unmatchedShadow > 0; i++) {
      if (productionMatch[i] < 0) {
        if (augment(i)) {
          unmatchedShadow--;
        } else if (stopAtFirstUnmatched) {
          return false;
        }
      }
    }
    if (stopAtFirstUnmatched) {
      for (int j : productionMatch) {
        if (j < 0) {
          return false;
        }
      }
    }
    return true;
  }

  private int firstFreeMatch(int i) {
    if (i < shadowSize && shadowMatch[i] < 0 && pair(i, i)) {
      return i;
    }
    for (int j = 0; j < shadowSize; j++) {
      if (j != i && shadowMatch[j] < 0 && pair(i, j)) {
        return j;
      }
    }
    return -1;
  }

  /** Breadth-first search for an augmenting path from unmatched production element {@code root}. */
  private boolean augment(int root) {
    int[] reachedFrom = new int[shadowSize];
    boolean[] seen = new boolean[shadowSize];
    // Each production element enters at most once: the root, then each via its one paired shadow.
    int[] queue = new int[productionSize];
    int head = 0;
    int tail = 0;
    queue[tail++] = root;
    while (head < tail) {
      int i = queue[head++];
      for (int j = 0; j < shadowSize; j++) {
        if (seen[j] || !pair(i, j)) {
          continue;
        }
        seen[j] = true;
        reachedFrom[j] = i;
        if (shadowMatch[j] < 0) {
          flip(j, reachedFrom);
          return true;
        }
        queue[tail++] = shadowMatch[j];
      }
    }
    return false;
  }

  private void flip(int freeShadow, int[] reachedFrom) {
    int j = freeShadow;
    while (j >= 0) {
      int i = reachedFrom[j];
      int previous = productionMatch[i];
      link(i, j);
      j = previous;
    }
  }

  private void link(int i, int j) {
    productionMatch[i] = j;
    shadowMatch[j] = i;
  }

  private boolean pair(int i, int j) {
    if (tested == null || matched == null) {
      return test.matches(i, j);
    }
    int bit = i * shadowSize + j;
    if (!tested.get(bit)) {
      tested.set(bit);
      matched.set(bit, test.matches(i, j));
    }
    return matched.get(bit);
  }
}
