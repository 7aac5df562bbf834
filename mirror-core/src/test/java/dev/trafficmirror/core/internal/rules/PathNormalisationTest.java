package dev.trafficmirror.core.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalisationTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Unreserved characters are decoded, in either hex case.
        "/predict/%61dmin/x|/predict/admin/x",
        "/predict/%41DMIN/x|/predict/ADMIN/x",
        "/%7Euser/%2d%2E%5f|/~user/-._",
        "/%30%39|/09",
        // Other encodings stay encoded, hex upper-cased; %25 is never decoded twice.
        "/a%20b|/a%20b",
        "/a%3a|/a%3A",
        "/a%2520|/a%2520",
        "/caf%c3%a9|/caf%C3%A9",
        "/q%3fx|/q%3Fx",
        "/a%3bb|/a%3Bb",
        // Empty segments collapse; a trailing slash stays.
        "/predict//admin/x|/predict/admin/x",
        "//predict///admin//|/predict/admin/",
        "//|/",
        "/predict/|/predict/",
        // Dot segments (RFC 3986 5.2.4), also when encoded.
        "/predict/./admin/x|/predict/admin/x",
        "/predict/x/../admin/x|/predict/admin/x",
        "/predict/%2e/admin/x|/predict/admin/x",
        "/predict/x/%2E%2e/admin/x|/predict/admin/x",
        "/a/b/..|/a/",
        "/a/b/.|/a/b/",
        "/a/..|/",
        "/.|/",
        "/a/.../b|/a/.../b",
        "/a/..b/.c|/a/..b/.c",
        // Parameters are stripped from every segment.
        "/predict/admin;jsessionid=1/x|/predict/admin/x",
        "/predict/admin;a=1;b=2|/predict/admin",
        "/predict/x/..;/admin/x|/predict/admin/x",
        "/;x/predict|/predict",
        "/a;b/c;d/|/a/c/",
      })
  void normalises(String raw, String normalised) {
    assertThat(PathNormalisation.normalise(raw)).isEqualTo(normalised);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/predict", "/predict/admin/x", "/a-b_c~d.e/f", "/a/.../b", "/ä/ö"})
  void aNormalPath_isReturnedAsItIs(String raw) {
    assertThat(PathNormalisation.normalise(raw)).isSameAs(raw);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "*",
        "predict",
        "http://host/predict",
        "/..",
        "/../x",
        "/a/../../x",
        "/%2e%2e/x",
        "/a/..;/../x",
        "/a%2Fb",
        "/a%2fb",
        "/a/%2F",
        "/a%00",
        "/a\u0000b",
        "/a%",
        "/a%4",
        "/a%4/",
        "/a%zz",
        "/a%g1",
        "/a%\u0661\u0661",
        "/a%%41",
      })
  void aPathThatCannotBeNormalised_isNull(String raw) {
    assertThat(PathNormalisation.normalise(raw)).isNull();
  }

  @Test
  void normalising_isIdempotent() {
    String[] samples = {
      "/predict/%61dmin/x", "/a//b/../c;x=1/", "/caf%c3%a9", "/a/./b/%2e%2e/c", "/x/%7e/%41"
    };
    for (String raw : samples) {
      String once = PathNormalisation.normalise(raw);
      assertThat(once).isNotNull();
      assertThat(PathNormalisation.normalise(once)).as(raw).isEqualTo(once);
    }
  }

  @Test
  void everyEncodingOfAnExcludedPath_isExcluded() {
    PathGlob excluded = PathGlob.of("/predict/admin/**");
    String[] spellings = {
      "/predict/admin/x",
      "/predict/%61dmin/x",
      "/predict//admin/x",
      "/predict/./admin/x",
      "/predict/x/../admin/x",
      "/predict/admin;jsessionid=1/x",
      "/predict/%61%64%6D%69%6E/x",
      "/predict/admin",
      "/predict/admin/",
      "//predict/admin",
      "/predict/x/%2e%2e/admin;a=b//x",
    };
    for (String raw : spellings) {
      String path = PathNormalisation.normalise(raw);
      assertThat(path).as(raw).isNotNull();
      assertThat(excluded.matches(path)).as(raw + " as " + path).isTrue();
    }
  }

  /**
   * Random paths from hostile pieces: the result is normal, stable, and names what a container
   * would serve.
   */
  @Test
  void randomPaths_normaliseToNormalFormsOnly() {
    String[] pieces = {
      "a", "admin", ".", "..", "", "%2e", "%2E%2e", "%61", "%7E", "%20", "%c3%a9", ";p=1", "..;",
      "x;y", "%2F", "%00", "%", "%4", "%zz", "~", "-_."
    };
    Random random = new Random(42);
    int normalised = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder raw = new StringBuilder();
      int segments = 1 + random.nextInt(6);
      for (int k = 0; k < segments; k++) {
        raw.append('/').append(pieces[random.nextInt(pieces.length)]);
        if (random.nextInt(4) == 0) {
          raw.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      String path = PathNormalisation.normalise(raw.toString());
      if (path == null) {
        continue;
      }
      normalised++;
      assertThat(path)
          .as(raw.toString())
          .startsWith("/")
          .doesNotContain("//")
          .doesNotContain(";")
          .doesNotContain("%2F")
          .doesNotContain("%00");
      assertThat(("/" + path + "/").split("/")).as(raw.toString()).doesNotContain(".", "..");
      assertThat(path)
          .as(raw.toString())
          .doesNotContainPattern("%(?i:[46][1-9a-f]|[57][0-9a]|3[0-9]|2d|2e|5f|7e)");
      assertThat(PathNormalisation.normalise(path)).as("idempotent for %s", raw).isEqualTo(path);
    }
    assertThat(normalised).as("most random paths normalise").isGreaterThan(5_000);
  }
}
