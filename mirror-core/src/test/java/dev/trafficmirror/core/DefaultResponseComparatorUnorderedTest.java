package dev.trafficmirror.core;

import static dev.trafficmirror.core.Responses.compareJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import org.junit.jupiter.api.Test;

class DefaultResponseComparatorUnorderedTest {
  private static final String LABELS = "{\"labels\":[\"setosa\",\"versicolor\",\"virginica\"]}";
  private static final String LABELS_REVERSED =
      "{\"labels\":[\"virginica\",\"versicolor\",\"setosa\"]}";

  private static DefaultResponseComparator unordered(String pattern) {
    return DefaultResponseComparator.builder().unordered(pattern).build();
  }

  @Test
  void compare_sameElementsOtherOrder_matchesOnlyWhenUnordered() {
    assertThat(compareJson(unordered("/labels"), LABELS, LABELS_REVERSED).matches()).isTrue();
    assertThat(
            compareJson(DefaultResponseComparator.builder().build(), LABELS, LABELS_REVERSED)
                .differences())
        .extracting(Difference::path)
        .containsExactly("/labels/0", "/labels/2");
  }

  @Test
  void compare_duplicates_countedAsMultiset() {
    DefaultResponseComparator c = unordered("/tags");

    assertThat(compareJson(c, "{\"tags\":[1,1,2]}", "{\"tags\":[2,1,1]}").matches()).isTrue();
    assertThat(compareJson(c, "{\"tags\":[1,1,2]}", "{\"tags\":[1,2,2]}").differences())
        .containsExactly(Difference.of("/tags", "[1]", "[2]"));
  }

  @Test
  void compare_differentLengths_listsUnpairedElementsOfEachSide() {
    Comparison result =
        compareJson(unordered("/labels"), LABELS, "{\"labels\":[\"virginica\",\"setosa\"]}");

    assertThat(result.differences())
        .containsExactly(Difference.of("/labels", "[\"versicolor\"]", "[]"));
  }

  @Test
  void compare_nestedObjectsWithToleranceAndIgnoredField_paired() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .unordered("/top")
            .tolerance(Tolerance.absolute(0.01))
            .ignore("/top/*/rank")
            .build();
    String production =
        """
        {"top":[{"label":"setosa","score":0.97,"rank":1},\
        {"label":"versicolor","score":0.02,"rank":2}]}""";
    String shadow =
        """
        {"top":[{"label":"versicolor","score":0.025,"rank":1},\
        {"label":"setosa","score":0.961,"rank":2}]}""";

    assertThat(compareJson(c, production, shadow).matches()).isTrue();
  }

  @Test
  void compare_nestedObjectBeyondTolerance_reportedAtArray() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .unordered("/top")
            .tolerance(Tolerance.absolute(0.01))
            .build();

    String production =
        """
        {"top":[{"label":"setosa","score":0.97},{"label":"versicolor","score":0.02}]}""";
    String shadow =
        """
        {"top":[{"label":"versicolor","score":0.02},{"label":"setosa","score":0.5}]}""";

    Comparison result = compareJson(c, production, shadow);

    assertThat(result.differences())
        .containsExactly(
            Difference.of(
                "/top",
                "[{\"label\":\"setosa\",\"score\":0.97}]",
                "[{\"label\":\"setosa\",\"score\":0.5}]"));
  }

  @Test
  void compare_greedyPairingWouldFail_findsFullPairing() {
    // Within 0.1: 1.0 pairs with 1.1 or 0.95, but 1.15 only with 1.1. Taking 1.1 for 1.0 first
    // (same index) leaves 1.15 alone unless the pairing is revised.
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .unordered("/v")
            .tolerance(Tolerance.absolute(0.1))
            .build();

    assertThat(compareJson(c, "{\"v\":[1.0,1.15]}", "{\"v\":[1.1,0.95]}").matches()).isTrue();
    assertThat(compareJson(c, "{\"v\":[1.0,1.15]}", "{\"v\":[1.3,0.95]}").differences())
        .containsExactly(Difference.of("/v", "[1.15]", "[1.3]"));
  }

  @Test
  void compare_wildcardPattern_appliesToEachMatchingArrayOnly() {
    DefaultResponseComparator c = unordered("/items/*/tags");

    Comparison result =
        compareJson(
            c,
            "{\"items\":[{\"tags\":[\"a\",\"b\"],\"order\":[1,2]},{\"tags\":[\"c\",\"d\"]}]}",
            "{\"items\":[{\"tags\":[\"b\",\"a\"],\"order\":[2,1]},{\"tags\":[\"d\",\"c\"]}]}");

    assertThat(result.differences())
        .extracting(Difference::path)
        .containsExactly("/items/0/order/0", "/items/0/order/1");
  }

  @Test
  void compare_unorderedInsideUnordered_pairsRecursively() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().unordered("/groups").unordered("/groups/*").build();

    assertThat(
            compareJson(c, "{\"groups\":[[1,2],[3,4,5]]}", "{\"groups\":[[5,4,3],[2,1]]}")
                .matches())
        .isTrue();
    assertThat(
            compareJson(c, "{\"groups\":[[1,2],[3,4,5]]}", "{\"groups\":[[5,4,3],[2,2]]}")
                .differences())
        .containsExactly(Difference.of("/groups", "[[1,2]]", "[[2,2]]"));
  }

  @Test
  void compare_tooManyPairsToTry_notCompared_noted() {
    // 1000 distinct elements against 1000 others: a million pairs, more than the budget.
    StringBuilder production = new StringBuilder("{\"ids\":[");
    StringBuilder shadow = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < 1000; i++) {
      production.append(i == 0 ? "" : ",").append(i);
      shadow.append(i == 0 ? "" : ",").append(-i - 1);
    }

    Comparison result = compareJson(unordered("/ids"), production + "]}", shadow + "]}");

    assertThat(result.matches()).isTrue();
    assertThat(result.note())
        .isEqualTo("unordered array /ids not compared: too many elements to pair");
  }

  @Test
  void compare_largeUnorderedArrayInOrder_paired() {
    StringBuilder body = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < 5000; i++) {
      body.append(i == 0 ? "" : ",").append(i);
    }
    String json = body + "]}";

    Comparison result = compareJson(unordered("/ids"), json, json.replace("[0,", "[-1,"));

    assertThat(result.differences()).containsExactly(Difference.of("/ids", "[0]", "[-1]"));
    assertThat(result.note()).isNull();
  }
}
