package dev.trafficmirror.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ToleranceTest {

  @Test
  void parse_plainNumber_isAbsolute() {
    assertThat(Tolerance.parse("1e-6")).isEqualTo(Tolerance.absolute(1e-6));
    assertThat(Tolerance.parse("0.001").abs()).isEqualTo(0.001);
    assertThat(Tolerance.parse("0.001").rel()).isZero();
  }

  @Test
  void parse_percentage_isRelativeFraction() {
    Tolerance t = Tolerance.parse("0.5%");

    assertThat(t.rel()).isEqualTo(0.005);
    assertThat(t.abs()).isZero();
  }

  @Test
  void parse_bothInEitherOrderWithSpaces_setsBoth() {
    assertThat(Tolerance.parse("0.001,1%")).isEqualTo(Tolerance.of(0.001, 0.01));
    assertThat(Tolerance.parse(" 1 % , 0.001 ")).isEqualTo(Tolerance.of(0.001, 0.01));
  }

  @Test
  void parse_zero_isExact() {
    assertThat(Tolerance.parse("0")).isSameAs(Tolerance.exact());
    assertThat(Tolerance.parse("0,0%").isExact()).isTrue();
  }

  private static final String EXPECTED =
      "expected an absolute bound (1e-6), a percentage (0.5%) or both (0.001,1%)";

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "1,2%,3"})
  void parse_emptyOrTooManyParts_throwsSayingWhatIsExpected(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tolerance.parse(text))
        .withMessage("invalid tolerance \"" + text + "\": " + EXPECTED);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-1         | invalid tolerance \"-1\": must not be negative",
        "-0.5%      | invalid tolerance \"-0.5%\": must not be negative",
        "NaN        | invalid tolerance \"NaN\": \"NaN\" is not a decimal number",
        "Infinity   | invalid tolerance \"Infinity\": \"Infinity\" is not a decimal number",
        "abc        | invalid tolerance \"abc\": \"abc\" is not a decimal number",
        "1f         | invalid tolerance \"1f\": \"1f\" is not a decimal number",
        "0x10       | invalid tolerance \"0x10\": \"0x10\" is not a decimal number",
        "%          | invalid tolerance \"%\": \"\" is not a decimal number",
        "'1,'       | invalid tolerance \"1,\": \"\" is not a decimal number",
        "'1%,2%'    | invalid tolerance \"1%,2%\": more than one relative (%) bound",
        "'1,2'      | invalid tolerance \"1,2\": more than one absolute bound",
        "1e400      | invalid tolerance \"1e400\": is too large",
      })
  void parse_invalid_throwsNamingTextAndReason(String text, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tolerance.parse(text))
        .withMessage(message);
  }

  @Test
  void factories_negativeOrNaNOrInfinite_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tolerance.absolute(-0.1))
        .withMessage("absolute tolerance must be a finite number >= 0: -0.1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tolerance.relative(Double.NaN))
        .withMessage("relative tolerance must be a finite number >= 0: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Tolerance.of(Double.POSITIVE_INFINITY, 0))
        .withMessage("absolute tolerance must be a finite number >= 0: Infinity");
  }

  @Test
  void exact_isExactAndZero() {
    assertThat(Tolerance.exact().isExact()).isTrue();
    assertThat(Tolerance.absolute(0)).isSameAs(Tolerance.exact());
    assertThat(Tolerance.relative(0.01).isExact()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"0", "0.000001", "0.001", "100", "0.5%", "0.001,1%", "2,150%"})
  void toString_readsBackWithParse(String text) {
    Tolerance t = Tolerance.parse(text);

    assertThat(t.toString()).isEqualTo(text);
    assertThat(Tolerance.parse(t.toString())).isEqualTo(t);
  }

  @Test
  void toString_smallAbsolute_plainDigits() {
    assertThat(Tolerance.absolute(1e-6)).hasToString("0.000001");
  }
}
