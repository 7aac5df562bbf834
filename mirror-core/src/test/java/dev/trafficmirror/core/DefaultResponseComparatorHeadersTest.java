package dev.trafficmirror.core;

import static dev.trafficmirror.core.Responses.IRIS;
import static dev.trafficmirror.core.Responses.JSON;
import static dev.trafficmirror.core.Responses.REQUEST;
import static dev.trafficmirror.core.Responses.compare;
import static dev.trafficmirror.core.Responses.headers;
import static dev.trafficmirror.core.Responses.production;
import static dev.trafficmirror.core.Responses.shadow;
import static dev.trafficmirror.core.Responses.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.Headers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultResponseComparatorHeadersTest {
  private static final DefaultResponseComparator COMPARATOR =
      DefaultResponseComparator.builder().build();

  @Test
  void compare_statusDiffers_statusReportedFirst() {
    Comparison result =
        COMPARATOR.compare(
            REQUEST,
            production(200, JSON, utf8(IRIS)),
            shadow(503, headers("Content-Type", "text/plain"), utf8("overloaded")));

    assertThat(result.differences())
        .containsExactly(
            Difference.of("status", "200", "503"),
            Difference.of("header:Content-Type", "application/json", "text/plain"),
            Difference.of("body", IRIS, "overloaded"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json; charset=UTF-8       | application/json;charset=utf-8",
        "Application/JSON;charset=\"utf-8\"    | application/json; charset=UTF-8",
        "multipart/mixed; boundary=x; charset=utf-8 | multipart/mixed;charset=UTF-8;  boundary=\"x\"",
        // By default only type and subtype are compared: Spring on Tomcat adds charset=UTF-8.
        "application/json; charset=utf-8   | application/json",
        "multipart/mixed; boundary=x1      | multipart/mixed; boundary=X1",
        "application/json; charset=utf-8   | application/json; charset=iso-8859-1",
      })
  void compare_equivalentContentTypes_match(String production, String shadow) {
    Comparison result =
        compare(
            COMPARATOR,
            headers("Content-Type", production),
            utf8(IRIS),
            headers("Content-Type", shadow),
            utf8(IRIS));

    assertThat(result.matches()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json                  | text/plain",
        "application/json                  | application/problem+json",
      })
  void compare_differentContentTypes_reportedWithRawValues(String production, String shadow) {
    Comparison result =
        compare(
            COMPARATOR,
            headers("Content-Type", production),
            new byte[0],
            headers("Content-Type", shadow),
            new byte[0]);

    assertThat(result.differences())
        .containsExactly(Difference.of("header:Content-Type", production, shadow));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json; charset=UTF-8   | application/json",
        "application/json;charset=utf8     | application/json; charset=\"UTF-8\"",
        "text/plain; charset=latin1        | text/plain; charset=ISO-8859-1",
      })
  void compare_charsetConfigured_comparedAsTheCharsetItMeans_match(
      String production, String shadow) {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().contentTypeParameters(List.of("Charset")).build();

    assertThat(
            compare(
                    c,
                    headers("Content-Type", production),
                    new byte[0],
                    headers("Content-Type", shadow),
                    new byte[0])
                .matches())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json; charset=utf-8   | application/json; charset=iso-8859-1",
        "text/plain                        | text/plain; charset=utf-8",
      })
  void compare_charsetConfigured_differentCharsets_differ(String production, String shadow) {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().contentTypeParameters(List.of("charset")).build();

    assertThat(
            compare(
                    c,
                    headers("Content-Type", production),
                    new byte[0],
                    headers("Content-Type", shadow),
                    new byte[0])
                .differences())
        .containsExactly(Difference.of("header:Content-Type", production, shadow));
  }

  @Test
  void compare_parameterConfigured_comparedExactly() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().contentTypeParameters(List.of("boundary")).build();

    assertThat(
            compare(
                    c,
                    headers("Content-Type", "multipart/mixed; boundary=x1"),
                    new byte[0],
                    headers("Content-Type", "multipart/mixed; boundary=X1"),
                    new byte[0])
                .matches())
        .isFalse();
  }

  @Test
  void compare_noHeadersConfigured_comparesNone() {
    DefaultResponseComparator c = DefaultResponseComparator.builder().headers(List.of()).build();

    assertThat(
            compare(
                    c,
                    headers("Content-Type", "application/json"),
                    new byte[0],
                    headers("Content-Type", "text/plain"),
                    new byte[0])
                .matches())
        .isTrue();
  }

  @Test
  void compare_headerMissingOnOneSide_nullThere() {
    Comparison result = compare(COMPARATOR, JSON, utf8(IRIS), Headers.empty(), utf8(IRIS));

    assertThat(result.differences())
        .containsExactly(Difference.of("header:Content-Type", "application/json", null));
  }

  @Test
  void compare_chosenHeaders_caseInsensitiveNamesExactValuesInOrder() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder()
            .headers(List.of("x-model-version", "Cache-Control", "Vary"))
            .build();
    Headers production =
        headers(
            "X-Model-Version",
            "iris-v1",
            "cache-control",
            "no-cache",
            "Vary",
            "Accept",
            "Vary",
            "Accept-Encoding",
            "Content-Type",
            "application/json");
    Headers shadow =
        headers(
            "x-model-version",
            "iris-v2",
            "Cache-Control",
            "No-Cache",
            "Vary",
            "Accept-Encoding",
            "Vary",
            "Accept",
            "Content-Type",
            "text/plain");

    Comparison result = compare(c, production, new byte[0], shadow, new byte[0]);

    assertThat(result.differences())
        .containsExactly(
            Difference.of("header:x-model-version", "iris-v1", "iris-v2"),
            Difference.of("header:Cache-Control", "no-cache", "No-Cache"),
            Difference.of("header:Vary", "Accept, Accept-Encoding", "Accept-Encoding, Accept"));
  }

  @Test
  void compare_headerAbsentOnBothSides_noDifference() {
    DefaultResponseComparator c =
        DefaultResponseComparator.builder().headers(List.of("ETag")).build();

    assertThat(compare(c, JSON, utf8(IRIS), JSON, utf8(IRIS)).matches()).isTrue();
  }

  @Test
  void compare_noHeadersChosen_contentTypeIgnored() {
    DefaultResponseComparator c = DefaultResponseComparator.builder().headers(List.of()).build();

    Comparison result =
        compare(
            c, JSON, utf8(IRIS), headers("Content-Type", "application/vnd.iris+json"), utf8(IRIS));

    assertThat(result.matches()).isTrue();
  }
}
