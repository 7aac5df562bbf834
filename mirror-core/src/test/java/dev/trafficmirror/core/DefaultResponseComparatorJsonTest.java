package dev.trafficmirror.core;

import static dev.trafficmirror.core.Responses.IRIS;
import static dev.trafficmirror.core.Responses.compareJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import org.junit.jupiter.api.Test;

class DefaultResponseComparatorJsonTest {
  private static final DefaultResponseComparator EXACT =
      DefaultResponseComparator.builder().build();

  private static String iris(String scores, String latency) {
    return IRIS.replace("[0.97,0.02,0.01]", scores)
        .replace("\"latency_ms\":12", "\"latency_ms\":" + latency);
  }

  @Test
  void compare_identicalPayload_matches() {
    Comparison c = compareJson(EXACT, IRIS, IRIS);

    assertThat(c.matches()).isTrue();
    assertThat(c.note()).isNull();
  }

  @Test
  void compare_otherKeyOrderAndWhitespace_matches() {
    String reordered =
        """
        {
          "request_id": "3f9c2a",
          "latency_ms": 12,
          "scores": [ 0.97, 0.02, 0.01 ],
          "prediction": "setosa",
          "model": "iris-v1"
        }
        """;

    assertThat(compareJson(EXACT, IRIS, reordered).matches()).isTrue();
  }

  @Test
  void compare_integerAndDecimalOfSameValue_match() {
    String shadow = iris("[9.7e-1,2E-2,0.010]", "12.0");

    assertThat(compareJson(EXACT, iris("[0.97,0.02,0.01]", "12"), shadow).matches()).isTrue();
  }

  @Test
  void compare_scoreDiffersExactly_reportsPointerAndBothValues() {
    Comparison c = compareJson(EXACT, IRIS, iris("[0.97,0.02,0.011]", "12"));

    assertThat(c.matches()).isFalse();
    assertThat(c.differences()).containsExactly(Difference.of("/scores/2", "0.01", "0.011"));
    assertThat(c.differenceCount()).isEqualTo(1);
  }

  @Test
  void compare_exactTolerance_decimalsBeyondDoublePrecisionDiffer() {
    Comparison c =
        compareJson(
            EXACT,
            iris("[0.97,0.02,0.01]", "12"),
            iris("[0.97,0.02,0.01000000000000000001]", "12"));

    assertThat(c.differences())
        .containsExactly(Difference.of("/scores/2", "0.01", "0.01000000000000000001"));
  }

  @Test
  void compare_scoreExactlyAtAbsoluteBound_matches() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().tolerance(Tolerance.absolute(0.01)).build();

    // 0.97 - 0.96 is 0.010000000000000009 in double: the bound is judged on the decimals.
    assertThat(compareJson(c, IRIS, iris("[0.96,0.03,0.02]", "12")).matches()).isTrue();
  }

  @Test
  void compare_scoreJustBeyondAbsoluteBound_mismatches() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().tolerance(Tolerance.absolute(0.01)).build();

    Comparison result = compareJson(c, IRIS, iris("[0.9599,0.02,0.01]", "12"));

    assertThat(result.differences()).containsExactly(Difference.of("/scores/0", "0.97", "0.9599"));
  }

  @Test
  void compare_scoreWithinRelativeTolerance_matches() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().tolerance(Tolerance.parse("1%")).build();

    assertThat(compareJson(c, IRIS, iris("[0.9797,0.0202,0.0101]", "12.12")).matches()).isTrue();
  }

  @Test
  void compare_relativeBoundUsesLargerMagnitude_atBoundMatchesBeyondMismatches() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().tolerance(Tolerance.parse("1%")).build();

    // |100 - 99| = 1 = 1% of 100 (the larger): at the bound.
    assertThat(
            compareJson(c, iris("[0.97,0.02,0.01]", "100"), iris("[0.97,0.02,0.01]", "99"))
                .matches())
        .isTrue();
    assertThat(
            compareJson(c, iris("[0.97,0.02,0.01]", "100"), iris("[0.97,0.02,0.01]", "98.99"))
                .differences())
        .containsExactly(Difference.of("/latency_ms", "100", "98.99"));
  }

  @Test
  void compare_absoluteOrRelative_eitherBoundSuffices() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().tolerance(Tolerance.parse("0.001,1%")).build();

    // 0.01 vs 0.0105: 5% apart but within 0.001; 12 vs 12.1: 0.1 apart but within 1%.
    assertThat(compareJson(c, IRIS, iris("[0.97,0.02,0.0105]", "12.1")).matches()).isTrue();
    // 0.02 vs 0.0215: neither within 0.001 nor within 1%.
    assertThat(compareJson(c, IRIS, iris("[0.97,0.0215,0.01]", "12")).differences())
        .containsExactly(Difference.of("/scores/1", "0.02", "0.0215"));
  }

  @Test
  void compare_perPathToleranceOverridesGlobal() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .tolerance(Tolerance.absolute(1))
            .tolerance("/scores", Tolerance.exact())
            .build();

    Comparison result = compareJson(c, IRIS, iris("[0.97,0.021,0.01]", "12.9"));

    assertThat(result.differences()).containsExactly(Difference.of("/scores/1", "0.02", "0.021"));
  }

  @Test
  void compare_longestMatchingPatternWins() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .tolerance("/scores/2", Tolerance.exact())
            .tolerance("/scores", Tolerance.absolute(0.1))
            .build();

    Comparison result = compareJson(c, IRIS, iris("[0.9,0.05,0.02]", "12"));

    assertThat(result.differences()).containsExactly(Difference.of("/scores/2", "0.01", "0.02"));
  }

  @Test
  void compare_equallyLongPatterns_fewerWildcardsWins() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .tolerance("/classes/0/score", Tolerance.exact())
            .tolerance("/classes/*/score", Tolerance.absolute(0.5))
            .build();

    Comparison result =
        compareJson(
            c,
            "{\"classes\":[{\"score\":0.9},{\"score\":0.1}]}",
            "{\"classes\":[{\"score\":0.8},{\"score\":0.5}]}");

    assertThat(result.differences())
        .containsExactly(Difference.of("/classes/0/score", "0.9", "0.8"));
  }

  @Test
  void compare_ignoredPath_notCompared() {
    DefaultResponseComparator c = DefaultResponseComparator.builder().ignore("/request_id").build();

    assertThat(compareJson(c, IRIS, IRIS.replace("3f9c2a", "77e01b")).matches()).isTrue();
    assertThat(compareJson(c, IRIS, IRIS.replace(",\"request_id\":\"3f9c2a\"", "")).matches())
        .isTrue();
  }

  @Test
  void compare_ignoredWildcardPath_skipsEveryElementButNotSiblings() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().ignore("/items/*/timestamp").build();

    Comparison result =
        compareJson(
            c,
            "{\"items\":[{\"id\":1,\"timestamp\":\"10:00:01\"},{\"id\":2,\"timestamp\":\"10:00:02\"}]}",
            "{\"items\":[{\"id\":1,\"timestamp\":\"11:30:00\"},{\"id\":3}]}");

    assertThat(result.differences()).containsExactly(Difference.of("/items/1/id", "2", "3"));
  }

  @Test
  void compare_ignoredPath_skipsWholeSubtree() {
    DefaultResponseComparator c = DefaultResponseComparator.builder().ignore("/debug").build();

    Comparison result =
        compareJson(
            c,
            "{\"prediction\":\"setosa\",\"debug\":{\"host\":\"a\",\"timings\":[1,2]}}",
            "{\"prediction\":\"setosa\",\"debug\":{\"host\":\"b\",\"timings\":[3],\"extra\":true}}");

    assertThat(result.matches()).isTrue();
  }

  @Test
  void compare_missingAndExtraKeys_nullOnAbsentSide() {
    String shadow =
        """
        {"model":"iris-v1","prediction":"setosa","scores":[0.97,0.02,0.01],"latency_ms":12,\
        "explanation":{"petal_length":0.8}}""";

    Comparison result = compareJson(EXACT, IRIS, shadow);

    assertThat(result.differences())
        .containsExactly(
            Difference.of("/request_id", "\"3f9c2a\"", null),
            Difference.of("/explanation", null, "{\"petal_length\":0.8}"));
  }

  @Test
  void compare_typeMismatch_isDifferenceWithBothRenderings() {
    Comparison result =
        compareJson(
            EXACT,
            "{\"latency_ms\":12,\"prediction\":\"setosa\",\"scores\":[0.1],\"cached\":false}",
            "{\"latency_ms\":\"12\",\"prediction\":null,\"scores\":{\"0\":0.1},\"cached\":0}");

    assertThat(result.differences())
        .containsExactly(
            Difference.of("/latency_ms", "12", "\"12\""),
            Difference.of("/prediction", "\"setosa\"", "null"),
            Difference.of("/scores", "[0.1]", "{\"0\":0.1}"),
            Difference.of("/cached", "false", "0"));
  }

  @Test
  void compare_arrayLengthDiffers_reportsLengthThenCommonIndexes() {
    Comparison result = compareJson(EXACT, IRIS, iris("[0.97,0.03]", "12"));

    assertThat(result.differences())
        .containsExactly(
            Difference.of("/scores", "length 3", "length 2"),
            Difference.of("/scores/1", "0.02", "0.03"));
  }

  @Test
  void compare_nestedArrays_pointerThroughBothIndexes() {
    Comparison result =
        compareJson(
            EXACT,
            "{\"embedding\":[[0.1,0.2],[0.3,0.4]]}",
            "{\"embedding\":[[0.1,0.2],[0.3,0.5]]}");

    assertThat(result.differences()).containsExactly(Difference.of("/embedding/1/1", "0.4", "0.5"));
  }

  @Test
  void compare_keysWithSlashAndTilde_escapedInPointer() {
    DefaultResponseComparator ignoring =
        DefaultResponseComparator.builder().ignore("/a~1b").build();
    String production = "{\"a/b\":1,\"m~n\":2}";
    String shadow = "{\"a/b\":2,\"m~n\":3}";

    assertThat(compareJson(EXACT, production, shadow).differences())
        .extracting(Difference::path)
        .containsExactly("/a~1b", "/m~0n");
    assertThat(compareJson(ignoring, production, shadow).differences())
        .containsExactly(Difference.of("/m~0n", "2", "3"));
  }

  @Test
  void compare_rootsOfDifferentType_differenceAtEmptyPointer() {
    Comparison result = compareJson(EXACT, "{\"labels\":[]}", "[\"setosa\"]");

    assertThat(result.differences())
        .containsExactly(Difference.of("", "{\"labels\":[]}", "[\"setosa\"]"));
  }

  @Test
  void compare_scalarRoots_comparedWithTolerance() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().tolerance(Tolerance.absolute(0.5)).build();

    assertThat(compareJson(c, "41.8", "42.2").matches()).isTrue();
    assertThat(compareJson(c, "\"setosa\"", "\"virginica\"").differences())
        .containsExactly(Difference.of("", "\"setosa\"", "\"virginica\""));
  }

  @Test
  void compare_stringsWithEscapes_renderedAsJson() {
    // a"b followed by a newline, against a"b (quote escaped as \u0022) followed by a tab
    Comparison result =
        compareJson(EXACT, "{\"text\":\"a\\\"b\\n\"}", "{\"text\":\"a\\u0022b\\t\"}");

    assertThat(result.differences())
        .containsExactly(Difference.of("/text", "\"a\\\"b\\n\"", "\"a\\\"b\\t\""));
  }

  @Test
  void compare_longValues_cutToMaxValueChars() {
    String longText = "x".repeat(500);
    DefaultResponseComparator c = DefaultResponseComparator.builder().maxValueChars(20).build();

    Comparison result = compareJson(c, "{\"text\":\"" + longText + "\"}", "{\"text\":\"y\"}");

    assertThat(result.differences())
        .containsExactly(Difference.of("/text", "\"" + "x".repeat(18) + "…", "\"y\""));
    assertThat(
            compareJson(EXACT, "{\"text\":\"" + longText + "\"}", "{}")
                .differences()
                .get(0)
                .production())
        .hasSize(200)
        .endsWith("x…");
  }

  @Test
  void compare_moreDifferencesThanListed_listsFirstAndCountsAll() {
    StringBuilder production = new StringBuilder("[");
    StringBuilder shadow = new StringBuilder("[");
    for (int i = 0; i < 30; i++) {
      production.append(i == 0 ? "" : ",").append(i);
      shadow.append(i == 0 ? "" : ",").append(i + 1000);
    }
    DefaultResponseComparator c = DefaultResponseComparator.builder().maxDifferences(3).build();

    Comparison result = compareJson(c, production + "]", shadow + "]");

    assertThat(result.differences())
        .containsExactly(
            Difference.of("/0", "0", "1000"),
            Difference.of("/1", "1", "1001"),
            Difference.of("/2", "2", "1002"));
    assertThat(result.differenceCount()).isEqualTo(30);
    assertThat(result.matches()).isFalse();
  }

  @Test
  void compare_defaultCap_listsTwenty() {
    StringBuilder production = new StringBuilder("{");
    StringBuilder shadow = new StringBuilder("{");
    for (int i = 0; i < 25; i++) {
      production.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":true");
      shadow.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":false");
    }

    Comparison result = compareJson(EXACT, production + "}", shadow + "}");

    assertThat(result.differences()).hasSize(20);
    assertThat(result.differenceCount()).isEqualTo(25);
    assertThat(result.differences().get(19)).isEqualTo(Difference.of("/k19", "true", "false"));
  }
}
