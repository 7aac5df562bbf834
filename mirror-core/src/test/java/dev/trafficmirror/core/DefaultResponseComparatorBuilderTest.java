package dev.trafficmirror.core;

import static dev.trafficmirror.core.Responses.IRIS;
import static dev.trafficmirror.core.Responses.compareJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.trafficmirror.spi.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DefaultResponseComparatorBuilderTest {

  @Test
  void build_defaults() {
    DefaultResponseComparator c = DefaultResponseComparator.builder().build();

    assertThat(c.headers()).containsExactly("Content-Type");
    assertThat(c.ignored()).isEmpty();
    assertThat(c.tolerance()).isEqualTo(Tolerance.exact());
    assertThat(c.tolerances()).isEmpty();
    assertThat(c.unordered()).isEmpty();
    assertThat(c.maxDifferences()).isEqualTo(20);
    assertThat(c.maxValueChars()).isEqualTo(200);
  }

  @Test
  void ignore_notAPointer_throwsNamingSettingAndPattern() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().ignore("request_id"))
        .withMessage("ignore: invalid JSON Pointer \"request_id\": must be empty or start with /");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().tolerance("/a~2", Tolerance.exact()))
        .withMessage("tolerance: invalid JSON Pointer \"/a~2\": ~ must be followed by 0 or 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().unordered("/tags~"))
        .withMessage("unordered: invalid JSON Pointer \"/tags~\": ~ must be followed by 0 or 1");
  }

  @Test
  void limits_outOfRange_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().maxDifferences(0))
        .withMessage("maxDifferences must be at least 1: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().maxValueChars(201))
        .withMessage("maxValueChars must be between 1 and 200: 201");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().maxValueChars(0))
        .withMessage("maxValueChars must be between 1 and 200: 0");
  }

  @Test
  void headers_blankName_throws_duplicatesCollapsed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DefaultResponseComparator.builder().headers(List.of("ETag", " ")))
        .withMessage("header name is blank: \" \"");
    assertThat(
            DefaultResponseComparator.builder()
                .headers(List.of("ETag", "etag", "Content-Type"))
                .build()
                .headers())
        .containsExactly("ETag", "Content-Type");
  }

  @Test
  void toBuilder_copiesSettings_changesDoNotLeakBack() {
    DefaultResponseComparator original =
        DefaultResponseComparator.builder()
            .headers(List.of("ETag"))
            .ignore("/request_id")
            .tolerance(Tolerance.parse("1%"))
            .tolerance("/scores", Tolerance.absolute(0.01))
            .unordered("/labels")
            .maxDifferences(5)
            .maxValueChars(80)
            .build();

    DefaultResponseComparator copy = original.toBuilder().ignore("/latency_ms").build();

    assertThat(copy.headers()).containsExactly("ETag");
    assertThat(copy.ignored()).containsExactly("/request_id", "/latency_ms");
    assertThat(copy.tolerance()).isEqualTo(Tolerance.relative(0.01));
    assertThat(copy.tolerances()).isEqualTo(Map.of("/scores", Tolerance.absolute(0.01)));
    assertThat(copy.unordered()).containsExactly("/labels");
    assertThat(copy.maxDifferences()).isEqualTo(5);
    assertThat(copy.maxValueChars()).isEqualTo(80);
    assertThat(original.ignored()).containsExactly("/request_id");
    assertThat(original)
        .hasToString(
            "DefaultResponseComparator[headers=[ETag], "
                + "ignored=[/request_id], tolerance=1%, tolerances={/scores=0.01}, unordered=[/labels], "
                + "maxDifferences=5, maxValueChars=80, maxDecodedBytes=0]");
  }

  @Test
  void tolerance_samePatternTwice_lastKept() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .tolerance("/scores", Tolerance.absolute(0.5))
            .tolerance("/scores", Tolerance.exact())
            .build();

    assertThat(c.tolerances()).containsExactly(Map.entry("/scores", Tolerance.exact()));
    assertThat(compareJson(c, IRIS, IRIS.replace("0.97", "0.96")).firstPath())
        .isEqualTo("/scores/0");
  }

  @Test
  void compare_concurrentCallers_sameResults() throws Exception {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .tolerance(Tolerance.absolute(0.01))
            .unordered("/scores")
            .build();
    String shadow = IRIS.replace("[0.97,0.02,0.01]", "[0.01,0.5,0.96]");
    Comparison expected = compareJson(c, IRIS, shadow);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Comparison>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> compareJson(c, IRIS, shadow)));
      }
      for (Future<Comparison> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected.firstPath()).isEqualTo("/scores");
  }
}
