package dev.trafficmirror.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How far apart two JSON numbers may be and still match: within an absolute bound or within a bound
 * relative to the larger magnitude.
 *
 * <p>Numbers {@code a} and {@code b} match when {@code |a - b| <= abs} or {@code |a - b| <= rel *
 * max(|a|, |b|)}. {@link #exact()} (both zero) compares numerically without rounding, so {@code 1}
 * equals {@code 1.0} and {@code 0.1} does not equal {@code 0.10000001}. With a tolerance the
 * comparison runs in {@code double}; a difference within a hair of the bound is decided on the
 * exact decimal values, so {@code 0.97} and {@code 0.96} match with an absolute tolerance of {@code
 * 0.01}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Tolerance {
  private static final Tolerance EXACT = new Tolerance(0, 0);

  private final double abs;
  private final double rel;

  private Tolerance(double abs, double rel) {
    this.abs = abs;
    this.rel = rel;
  }

  /** Returns the tolerance that lets only numerically equal numbers match. */
  public static Tolerance exact() {
    return EXACT;
  }

  /**
   * Returns a tolerance of {@code abs} either way.
   *
   * @throws IllegalArgumentException if {@code abs} is negative, NaN or infinite
   */
  public static Tolerance absolute(double abs) {
    return of(abs, 0);
  }

  /**
   * Returns a tolerance relative to the larger magnitude, as a fraction: {@code 0.01} is 1%.
   *
   * @throws IllegalArgumentException if {@code rel} is negative, NaN or infinite
   */
  public static Tolerance relative(double rel) {
    return of(0, rel);
  }

  /**
   * Returns a tolerance that matches numbers within {@code abs} or within {@code rel} (a fraction)
   * of the larger magnitude.
   *
   * @throws IllegalArgumentException if either is negative, NaN or infinite
   */
  public static Tolerance of(double abs, double rel) {
    check("absolute tolerance", abs);
    check("relative tolerance", rel);
    return abs == 0 && rel == 0 ? EXACT : new Tolerance(abs, rel);
  }

  /**
   * Parses configuration text: an absolute bound ({@code 1e-6}), a relative bound in percent
   * ({@code 0.5%}), or both separated by a comma ({@code 0.001,1%}); {@code 0} is exact.
   *
   * <p>Numbers are plain decimals with an optional exponent; spaces around parts are ignored.
   *
   * @throws IllegalArgumentException naming the text when it is empty, not a decimal number, has
   *     more than one part of a kind, or is negative or too large
   */
  public static Tolerance parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split(",", -1);
    if (text.isBlank() || parts.length > 2) {
      throw invalid(
          text, "expected an absolute bound (1e-6), a percentage (0.5%) or both (0.001,1%)");
    }
    BigDecimal abs = null;
    BigDecimal rel = null;
    for (String raw : parts) {
      String part = raw.strip();
      boolean percent = part.endsWith("%");
      String number = percent ? part.substring(0, part.length() - 1).strip() : part;
      BigDecimal value = decimal(text, number);
      if (percent) {
        if (rel != null) {
          throw invalid(text, "more than one relative (%) bound");
        }
        rel = value.movePointLeft(2);
      } else {
        if (abs != null) {
          throw invalid(text, "more than one absolute bound");
        }
        abs = value;
      }
    }
    double absValue = abs == null ? 0 : abs.doubleValue();
    double relValue = rel == null ? 0 : rel.doubleValue();
    if (Double.isInfinite(absValue) || Double.isInfinite(relValue)) {
      throw invalid(text, "is too large");
    }
    return of(absValue, relValue);
  }

  /** Returns the absolute bound; zero when there is none. */
  public double abs() {
    return abs;
  }

  /** Returns the relative bound as a fraction ({@code 0.01} is 1%); zero when there is none. */
  public double rel() {
    return rel;
  }

  /** Returns whether this tolerance lets only numerically equal numbers match. */
  public boolean isExact() {
    return abs == 0 && rel == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tolerance that
        && Double.compare(abs, that.abs) == 0
        && Double.compare(rel, that.rel) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(abs) + Double.hashCode(rel);
  }

  /** Returns text {@link #parse} reads back, for example {@code 0.001,1%}; exact is {@code 0}. */
  @Override
  public String toString() {
    String absText = text(BigDecimal.valueOf(abs));
    String relText = text(BigDecimal.valueOf(rel).movePointRight(2)) + "%";
    if (rel == 0) {
      return absText;
    }
    return abs == 0 ? relText : absText + "," + relText;
  }

  private static String text(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    // Plain digits for everyday bounds (100, 0.000001); exponent form where that would be long.
    return Math.abs(stripped.scale()) <= 12 ? stripped.toPlainString() : stripped.toString();
  }

  private static BigDecimal decimal(String text, String part) {
    BigDecimal value;
    try {
      value = new BigDecimal(part);
    } catch (NumberFormatException e) {
      throw invalid(text, "\"" + part + "\" is not a decimal number");
    }
    if (value.signum() < 0) {
      throw invalid(text, "must not be negative");
    }
    return value;
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("invalid tolerance \"" + text + "\": " + reason);
  }

  private static void check(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be a finite number >= 0: " + value);
    }
  }
}
