package dev.trafficmirror.core.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.HeaderLookup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorRulesTest {
  private static final HeaderLookup NO_HEADERS = name -> null;

  private static HeaderLookup headers(String... nameValues) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < nameValues.length; i += 2) {
      map.put(nameValues[i], nameValues[i + 1]);
    }
    return map::get;
  }

  private static MirrorRules rules(double rate, String sampleKey) {
    return new MirrorRules(
        Set.of("GET", "POST"),
        List.of("/predict/**"),
        List.of("/predict/admin/**"),
        rate,
        sampleKey,
        new Hashing(1, 2));
  }

  @Test
  void shouldMirror_methodNotListed_false() {
    assertThat(rules(1, null).shouldMirror("DELETE", "/predict", NO_HEADERS)).isFalse();
    assertThat(rules(1, null).shouldMirror("POST", "/predict", NO_HEADERS)).isTrue();
  }

  @Test
  void shouldMirror_pathOutsideIncludeOrExcluded_false() {
    MirrorRules rules = rules(1, null);
    assertThat(rules.shouldMirror("GET", "/health", NO_HEADERS)).isFalse();
    assertThat(rules.shouldMirror("GET", "/predict/admin/reload", NO_HEADERS)).isFalse();
    assertThat(rules.shouldMirror("GET", "/predict/iris", NO_HEADERS)).isTrue();
  }

  @Test
  void shouldMirror_noIncludes_meansEveryPath() {
    MirrorRules rules =
        new MirrorRules(Set.of("GET"), List.of(), List.of("/health"), 1, null, Hashing.random());
    assertThat(rules.shouldMirror("GET", "/anything", NO_HEADERS)).isTrue();
    assertThat(rules.shouldMirror("GET", "/health", NO_HEADERS)).isFalse();
  }

  @Test
  void shouldMirror_loopMarker_false() {
    assertThat(rules(1, null).shouldMirror("GET", "/predict", headers("x-mirror-id", "abc")))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "model-shadow, true",
    "model-shadow:8080, true",
    "MODEL-SHADOW:8080, true",
    "model.example.com-shadow, true",
    "[::1]-shadow, false",
    "model, false",
    "model:8080, false",
    "shadow, false",
    "model-shadowed, false",
  })
  void isShadowHost(String host, boolean expected) {
    assertThat(MirrorRules.isShadowHost(host)).isEqualTo(expected);
    assertThat(rules(1, null).shouldMirror("GET", "/predict", headers("Host", host)))
        .isEqualTo(!expected);
  }

  @Test
  void shouldMirror_rateZero_never_rateOne_always() {
    for (int i = 0; i < 1000; i++) {
      assertThat(rules(0, null).shouldMirror("GET", "/predict", NO_HEADERS)).isFalse();
      assertThat(rules(1, null).shouldMirror("GET", "/predict", NO_HEADERS)).isTrue();
    }
  }

  @Test
  void shouldMirror_randomRate_samplesAboutThatShare() {
    MirrorRules rules = rules(0.2, null);
    int n = 20_000;
    int sampled = 0;
    for (int i = 0; i < n; i++) {
      if (rules.shouldMirror("GET", "/predict", NO_HEADERS)) {
        sampled++;
      }
    }
    // Binomial(20000, 0.2): sd ~ 57; 6 sd either side cannot fail by chance in practice.
    assertThat(sampled).isBetween(4000 - 340, 4000 + 340);
  }

  @Test
  void shouldMirror_sampleKey_isStickyPerValue() {
    MirrorRules rules = rules(0.5, "X-User");
    int in = 0;
    for (int user = 0; user < 2000; user++) {
      HeaderLookup h = headers("X-User", "user-" + user);
      boolean first = rules.shouldMirror("GET", "/predict", h);
      for (int repeat = 0; repeat < 5; repeat++) {
        assertThat(rules.shouldMirror("GET", "/predict", h)).isEqualTo(first);
      }
      if (first) {
        in++;
      }
    }
    assertThat(in).isBetween(1000 - 200, 1000 + 200);
  }

  @Test
  void selectsForTarget_isDeterministicAndIndependentPerTarget() {
    MirrorRules rules = rules(1, null);
    int a = 0;
    int both = 0;
    for (int i = 0; i < 10_000; i++) {
      String id = "id-" + i;
      boolean inA = rules.selectsForTarget(0.5, "a", null, id);
      boolean inB = rules.selectsForTarget(0.5, "b", null, id);
      assertThat(rules.selectsForTarget(0.5, "a", null, id)).isEqualTo(inA);
      a += inA ? 1 : 0;
      both += inA && inB ? 1 : 0;
    }
    assertThat(a).isBetween(5000 - 400, 5000 + 400);
    assertThat(both).isBetween(2500 - 400, 2500 + 400);
    assertThat(rules.selectsForTarget(1, "a", null, "x")).isTrue();
    assertThat(rules.selectsForTarget(0, "a", null, "x")).isFalse();
  }

  @Test
  void decide_badPath_onlyWhenSampled() {
    assertThat(rules(1, null).decide("GET", "/predict/%2F", NO_HEADERS))
        .isEqualTo(MirrorRules.Decision.BAD_PATH);
    assertThat(rules(0, null).decide("GET", "/predict/%2F", NO_HEADERS))
        .isEqualTo(MirrorRules.Decision.PASS);
    assertThat(rules(1, null).decide("DELETE", "/predict/%2F", NO_HEADERS))
        .isEqualTo(MirrorRules.Decision.PASS);
    assertThat(rules(1, null).decide("GET", "/predict/%2F", headers("X-Mirror-Id", "1")))
        .isEqualTo(MirrorRules.Decision.PASS);
    assertThat(rules(1, null).decide("GET", "/predict/%61dmin/x", NO_HEADERS))
        .isEqualTo(MirrorRules.Decision.PASS);
    assertThat(rules(1, null).decide("GET", "/predict//iris", NO_HEADERS))
        .isEqualTo(MirrorRules.Decision.MIRROR);
  }

  @Test
  void selectsForTarget_dependsOnTheSeed() {
    MirrorRules a =
        new MirrorRules(
            Set.of("GET"),
            List.of(),
            List.of(),
            1,
            "X-User",
            Hashing.fromSeed("seed-of-deployment-one"));
    MirrorRules b =
        new MirrorRules(
            Set.of("GET"),
            List.of(),
            List.of(),
            1,
            "X-User",
            Hashing.fromSeed("seed-of-deployment-one"));
    MirrorRules other =
        new MirrorRules(
            Set.of("GET"),
            List.of(),
            List.of(),
            1,
            "X-User",
            Hashing.fromSeed("seed-of-deployment-two"));
    int disagree = 0;
    for (int i = 0; i < 2000; i++) {
      String user = "user-" + i;
      boolean inA = a.selectsForTarget(0.5, "v2", user, "id-" + i);
      assertThat(b.selectsForTarget(0.5, "v2", user, "id-" + i)).isEqualTo(inA);
      disagree += inA != other.selectsForTarget(0.5, "v2", user, "id-" + i) ? 1 : 0;
    }
    // Independent seeds disagree on about half the keys at 0.5: Binomial(2000, 0.5), sd ~ 22.
    assertThat(disagree).isBetween(1000 - 140, 1000 + 140);
  }
}
