package dev.trafficmirror.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class DifferenceTest {

  @Test
  void of_shortValues_keptAsGiven() {
    Difference d = Difference.of("/scores/2", "0.01", "0.02");

    assertThat(d.path()).isEqualTo("/scores/2");
    assertThat(d.production()).isEqualTo("0.01");
    assertThat(d.shadow()).isEqualTo("0.02");
  }

  @Test
  void of_absentSide_isNull() {
    Difference d = Difference.of("/request_id", "\"r-1\"", null);

    assertThat(d.production()).isEqualTo("\"r-1\"");
    assertThat(d.shadow()).isNull();
  }

  @Test
  void of_valueOfExactlyMax_notCut() {
    String value = "a".repeat(Difference.MAX_VALUE_CHARS);

    assertThat(Difference.of("body", value, value).production()).isEqualTo(value);
  }

  @Test
  void of_valueOneOverMax_cutTo200WithEllipsis() {
    String value = "a".repeat(Difference.MAX_VALUE_CHARS + 1);

    String cut = Difference.of("body", value, null).production();

    assertThat(cut).hasSize(200).isEqualTo("a".repeat(199) + "…");
  }

  @Test
  void of_cutWouldSplitSurrogatePair_cutsBeforeThePair() {
    String value = "a".repeat(198) + "😀" + "tail"; // the emoji occupies chars 198 and 199

    String cut = Difference.of("body", value, null).production();

    assertThat(cut).isEqualTo("a".repeat(198) + "…");
  }

  @Test
  void of_nullPath_throws() {
    assertThatNullPointerException()
        .isThrownBy(() -> Difference.of(null, "a", "b"))
        .withMessage("path");
  }

  @Test
  void toString_printsPathButNoValues() {
    assertThat(Difference.of("header:Content-Type", "secret-a", "secret-b"))
        .hasToString("Difference[header:Content-Type]");
  }

  @Test
  void equals_sameContent_equal() {
    assertThat(Difference.of("/a", "1", null))
        .isEqualTo(Difference.of("/a", "1", null))
        .hasSameHashCodeAs(Difference.of("/a", "1", null))
        .isNotEqualTo(Difference.of("/a", null, "1"));
  }
}
