package dev.trafficmirror.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestKeyTest {
  private static final List<String> KEYS =
      List.of("mirror.sample-rate", "mirror.sample-key", "mirror.methods");

  @Test
  void distance_countsEditsAndSwaps() {
    assertThat(NearestKey.distance("mirror.sample-rate", "mirror.sample-rate", 5)).isZero();
    assertThat(NearestKey.distance("mirror.sample_rate", "mirror.sample-rate", 5)).isEqualTo(1);
    assertThat(NearestKey.distance("mirror.smaple-rate", "mirror.sample-rate", 5))
        .as("a swap")
        .isEqualTo(1);
    assertThat(NearestKey.distance("mirror.sampleRate", "mirror.sample-rate", 5))
        .as("case-insensitive")
        .isEqualTo(1);
    assertThat(NearestKey.distance("abc", "xyz", 2)).as("bounded").isEqualTo(2);
  }

  @Test
  void nearest_picksTheClosest_orNoneWhenTooFar() {
    assertThat(NearestKey.nearest("mirror.sample-kye", KEYS)).isEqualTo("mirror.sample-key");
    assertThat(NearestKey.nearest("mirror.method", KEYS)).isEqualTo("mirror.methods");
    assertThat(NearestKey.nearest("mirror.colour", KEYS)).isNull();
  }

  @Test
  void unknownKey_suggestsOnlyWhenClose() {
    assertThat(NearestKey.unknownKey("mirror.sample_rate", KEYS))
        .isEqualTo(
            "is not a known key (see docs/configuration.md); did you mean mirror.sample-rate?");
    assertThat(NearestKey.unknownKey("mirror.colour", KEYS))
        .isEqualTo("is not a known key (see docs/configuration.md)");
  }
}
