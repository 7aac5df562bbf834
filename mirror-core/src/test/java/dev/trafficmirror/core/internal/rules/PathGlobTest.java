package dev.trafficmirror.core.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "/predict, /predict, true",
    "/predict, /predict/x, false",
    "/predict/*, /predict/x, true",
    "/predict/*, /predict/x/y, false",
    "/predict/*, /predict/, true",
    "/predict/**, /predict/x/y, true",
    "/predict/**, /predict, true",
    "/predict/**, /predictions, false",
    "/api/*/score, /api/v1/score, true",
    "/api/*/score, /api/v1/v2/score, false",
    "/api/**/score, /api/v1/v2/score, true",
    "/**/*.json, /a/b/c.json, true",
    "/**/*.json, /a/b/c.xml, false",
    "/item/?, /item/7, true",
    "/item/?, /item/77, false",
    "/item/?, /item//, false",
    "**, /anything/at/all, true",
  })
  void matches(String pattern, String path, boolean expected) {
    assertThat(PathGlob.of(pattern).matches(path)).isEqualTo(expected);
  }
}
