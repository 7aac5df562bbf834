package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.core.internal.compare.JsonTree.ArrayNode;
import dev.trafficmirror.core.internal.compare.JsonTree.Node;
import dev.trafficmirror.core.internal.compare.JsonTree.NumberNode;
import dev.trafficmirror.core.internal.compare.JsonTree.ObjectNode;
import dev.trafficmirror.core.internal.compare.JsonTree.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compares two JSON documents structurally under {@link CompareRules}: objects by key, arrays by
 * index (or as multisets where the rules say so), numbers with tolerance, other values exactly. Not
 * thread-safe: one per comparison.
 */
final class JsonDiff {
  /** Element pairs an unordered comparison may try per document before giving up on an array. */
  static final int MAX_PAIR_TESTS = 250_000;

  private final CompareRules rules;
  private final DifferenceSink sink;
  private final List<String> path = new ArrayList<>();
  private int pairTestsLeft = MAX_PAIR_TESTS;

  private JsonDiff(CompareRules rules, DifferenceSink sink) {
    this.rules = rules;
    this.sink = sink;
  }

  /** Adds the differences between the two documents to {@code sink}. */
  public static void diff(Node production, Node shadow, CompareRules rules, DifferenceSink sink) {
    new JsonDiff(rules, sink).compare(production, shadow, false);
  }

  /**
   * Compares the values at the current path; returns whether they match. When {@code probing},
   * nothing is reported and the comparison stops at the first difference.
   */
  private boolean compare(@Nullable Node production, @Nullable Node shadow, boolean probing) {
    if (rules.ignored(path)) {
      return true;
    }
    if (production instanceof ObjectNode p && shadow instanceof ObjectNode s) {
      return compareObjects(p, s, probing);
    }
    if (production instanceof ArrayNode p && shadow instanceof ArrayNode s) {
      return rules.unorderedAt(path)
          ? compareUnordered(p, s, probing)
          : compareOrdered(p, s, probing);
    }
    if (production instanceof NumberNode p && shadow instanceof NumberNode s) {
      if (p.text().equals(s.text())
          || NumberTolerance.matches(p.value(), s.value(), rules.toleranceAt(path))) {
        return true;
      }
    } else if (production instanceof ScalarNode p && shadow instanceof ScalarNode s) {
      if (p.json().equals(s.json())) {
        return true;
      }
    }
    // Different values, different types, or absent on one side.
    if (!probing) {
      report(render(production), render(shadow));
    }
    return false;
  }

  private boolean compareObjects(ObjectNode production, ObjectNode shadow, boolean probing) {
    boolean same = true;
    for (Map.Entry<String, Node> member : production.members().entrySet()) {
      @Nullable Node other = shadow.members().get(member.getKey());
      same &= compareChild(member.getKey(), member.getValue(), other, probing);
      if (!same && probing) {
        return false;
      }
    }
    for (Map.Entry<String, Node> member : shadow.members().entrySet()) {
      if (!production.members().containsKey(member.getKey())) {
        same &= compareChild(member.getKey(), null, member.getValue(), probing);
        if (!same && probing) {
          return false;
        }
      }
    }
    return same;
  }

  private boolean compareOrdered(ArrayNode production, ArrayNode shadow, boolean probing) {
    List<Node> p = production.elements();
    List<Node> s = shadow.elements();
    boolean same = p.size() == s.size();
    if (!same) {
      if (probing) {
        return false;
      }
      report("length " + p.size(), "length " + s.size());
    }
    for (int i = 0; i < Math.min(p.size(), s.size()); i++) {
      same &= compareChild(Integer.toString(i), p.get(i), s.get(i), probing);
      if (!same && probing) {
        return false;
      }
    }
    return same;
  }

  private boolean compareUnordered(ArrayNode production, ArrayNode shadow, boolean probing) {
    List<Node> p = production.elements();
    List<Node> s = shadow.elements();
    if (probing && p.size() != s.size()) {
      return false;
    }
    int depth = path.size();
    int[] pairs;
    try {
      pairs =
          UnorderedMatching.match(
              p.size(), s.size(), (i, j) -> elementsMatch(i, p.get(i), s.get(j)), probing);
    } catch (TooManyPairTests e) {
      if (probing) {
        throw e;
      }
      path.subList(depth, path.size()).clear();
      sink.uncompared(
          "json-limit",
          "unordered array "
              + PointerPattern.pointer(path)
              + " not compared: too many elements to pair");
      return true;
    }
    if (pairs == null) {
      return false; // only when probing
    }
    List<Node> unmatchedProduction = new ArrayList<>();
    boolean[] shadowPaired = new boolean[s.size()];
    for (int i = 0; i < pairs.length; i++) {
      if (pairs[i] < 0) {
        unmatchedProduction.add(p.get(i));
      } else {
        shadowPaired[pairs[i]] = true;
      }
    }
    List<Node> unmatchedShadow = new ArrayList<>();
    for (int j = 0; j < s.size(); j++) {
      if (!shadowPaired[j]) {
        unmatchedShadow.add(s.get(j));
      }
    }
    if (unmatchedProduction.isEmpty() && unmatchedShadow.isEmpty()) {
      return true;
    }
    if (!probing && !sink.listsMore()) {
      sink.count();
    } else if (!probing) {
      // The elements left over on each side say what differs better than the whole arrays.
      report(
          JsonText.renderArray(unmatchedProduction, sink.maxValueChars()),
          JsonText.renderArray(unmatchedShadow, sink.maxValueChars()));
    }
    return false;
  }

  /** Tests one pair for an unordered array; rules see the production element's index. */
  private boolean elementsMatch(int index, Node production, Node shadow) {
    if (--pairTestsLeft < 0) {
      throw new TooManyPairTests();
    }
    return compareChild(Integer.toString(index), production, shadow, true);
  }

  private boolean compareChild(
      String segment, @Nullable Node production, @Nullable Node shadow, boolean probing) {
    path.add(segment);
    boolean same = compare(production, shadow, probing);
    path.remove(path.size() - 1);
    return same;
  }

  private void report(@Nullable String production, @Nullable String shadow) {
    if (sink.listsMore()) {
      sink.add(PointerPattern.pointer(path), production, shadow);
    } else {
      sink.count();
    }
  }

  private @Nullable String render(@Nullable Node node) {
    return node == null || !sink.listsMore() ? null : JsonText.render(node, sink.maxValueChars());
  }

  /** Unwinds an unordered comparison that would cost too much. */
  private static final class TooManyPairTests extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyPairTests() {
      super(null, null, false, false);
    }
  }
}
