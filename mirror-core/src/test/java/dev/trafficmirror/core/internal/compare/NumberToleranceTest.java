package dev.trafficmirror.core.internal.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Tolerance;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NumberToleranceTest {

  private static boolean matches(String a, String b, String tolerance) {
    return NumberTolerance.matches(
        new BigDecimal(a), new BigDecimal(b), Tolerance.parse(tolerance));
  }

  @Test
  void matches_exact_numericallyEqualOnly() {
    assertThat(matches("1", "1.0", "0")).isTrue();
    assertThat(matches("1e2", "100.00", "0")).isTrue();
    assertThat(matches("0.1", "0.10000000000000001", "0")).isFalse(); // the same double
  }

  @Test
  void matches_integersBeyondDoublePrecision_decidedExactly() {
    // Both are the same double; 1 apart.
    assertThat(matches("12345678901234567890", "12345678901234567891", "0.5")).isFalse();
    assertThat(matches("12345678901234567890", "12345678901234567891", "1")).isTrue();
  }

  @Test
  void matches_decimalAtBound_matchesDespiteBinaryRounding() {
    assertThat(matches("1.1", "1.0", "0.1")).isTrue();
    assertThat(matches("1.1000001", "1.0", "0.1")).isFalse();
    assertThat(matches("0.297", "0.33", "10%")).isTrue(); // 0.033 = 10% of 0.33 exactly
    assertThat(matches("0.2969", "0.33", "10%")).isFalse();
  }

  @Test
  void matches_negativeNumbers_relativeToLargerMagnitude() {
    assertThat(matches("-100", "-99", "1%")).isTrue();
    assertThat(matches("-100", "-98.9", "1%")).isFalse();
    assertThat(matches("-1", "1", "100%")).isFalse(); // 2 apart, 100% of 1 is 1
  }

  @Test
  @Timeout(5)
  void matches_hugeExponents_decidedQuicklyWithoutExpandingDigits() {
    assertThat(matches("1e-999999999", "0.01", "0.01")).isTrue();
    assertThat(matches("1e999999999", "1e999999999", "1%")).isTrue();
    assertThat(matches("1e999999999", "2e999999999", "1%")).isFalse();
    assertThat(matches("1e-999999999", "1", "0")).isFalse();
  }
}
