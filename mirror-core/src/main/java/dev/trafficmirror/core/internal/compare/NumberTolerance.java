package dev.trafficmirror.core.internal.compare;

import dev.trafficmirror.core.Tolerance;
import java.math.BigDecimal;

/** Decides whether two JSON numbers match under a {@link Tolerance}. */
final class NumberTolerance {
  /**
   * How close to the bound, relative to the magnitudes involved, a {@code double} result is too
   * close to trust; far wider than the rounding error of one subtraction and one product.
   */
  private static final double UNCERTAIN = 1e-12;

  /** Scale spread beyond which exact subtraction would cost too much; the double result stands. */
  private static final int MAX_EXACT_SCALE_SPREAD = 1000;

  private NumberTolerance() {}

  /**
   * Returns whether {@code a} and {@code b} match: numerically equal under an exact tolerance, else
   * {@code |a - b| <= abs} or {@code |a - b| <= rel * max(|a|, |b|)}.
   */
  public static boolean matches(BigDecimal a, BigDecimal b, Tolerance tolerance) {
    if (tolerance.isExact()) {
      return a.compareTo(b) == 0;
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      return a.compareTo(b) == 0;
    }
    double magnitude = Math.max(Math.abs(x), Math.abs(y));
    double difference = Math.abs(x - y);
    double bound = Math.max(tolerance.abs(), tolerance.rel() * magnitude);
    boolean nearBound = Math.abs(difference - bound) <= UNCERTAIN * (magnitude + bound);
    if (nearBound && exactAffordable(a, b)) {
      // 0.97 - 0.96 is 0.010000000000000009 in double: decide the edge on the decimals as written.
      return exactMatches(a, b, tolerance);
    }
    return difference <= bound;
  }

  private static boolean exactMatches(BigDecimal a, BigDecimal b, Tolerance tolerance) {
    BigDecimal difference = a.subtract(b).abs();
    if (difference.compareTo(BigDecimal.valueOf(tolerance.abs())) <= 0) {
      return true;
    }
    BigDecimal magnitude = a.abs().max(b.abs());
    return difference.compareTo(BigDecimal.valueOf(tolerance.rel()).multiply(magnitude)) <= 0;
  }

  private static boolean exactAffordable(BigDecimal a, BigDecimal b) {
    // 1 - 1e-999999999 would need a billion digits; jackson already bounds the digits written.
    return Math.abs((long) a.scale() - b.scale()) <= MAX_EXACT_SCALE_SPREAD;
  }
}
