package dev.trafficmirror.core.config;

import dev.trafficmirror.spi.InvalidConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses configuration values; every error names the key and the value. */
public final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?", Pattern.CASE_INSENSITIVE);

  private ConfigValues() {}

  /** Parses {@code true} or {@code false}, ignoring case. */
  public static boolean bool(String key, String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new InvalidConfigException(key, value, "must be true or false");
  }

  /** Parses a rate between 0 and 1 inclusive. */
  public static double rate(String key, String value) {
    double rate;
    try {
      rate = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key, value, "must be a number between 0 and 1");
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw new InvalidConfigException(key, value, "must be between 0 and 1");
    }
    return rate;
  }

  /** Checks that {@code rate} is between 0 and 1. */
  public static void checkRate(String key, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new InvalidConfigException(key, String.valueOf(rate), "must be between 0 and 1");
    }
  }

  /** Parses a whole number within {@code min..max}. */
  public static int integer(String key, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(
          key, value, "must be a whole number from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new InvalidConfigException(key, value, "must be from " + min + " to " + max);
    }
    return n;
  }

  /** Checks that {@code n} is within {@code min..max}. */
  public static int checkRange(String key, int n, int min, int max) {
    checkRange(key, (long) n, min, max);
    return n;
  }

  /**
   * Parses a duration: a number with a unit ({@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m},
   * {@code 1h}) or ISO-8601 ({@code PT2S}); must be positive.
   */
  public static Duration duration(String key, String value) {
    String v = value.trim();
    Duration d;
    Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      double nanosPerUnit;
      switch (m.group(2)) {
        case "ms" -> nanosPerUnit = 1e6;
        case "s" -> nanosPerUnit = 1e9;
        case "m" -> nanosPerUnit = 60e9;
        default -> nanosPerUnit = 3600e9;
      }
      d = Duration.ofNanos((long) (amount * nanosPerUnit));
    } else {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e) {
        throw new InvalidConfigException(
            key, value, "must be a duration such as 250ms, 2s, 1m or PT2S");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidConfigException(key, value, "must be positive");
    }
    return d;
  }

  /** Checks that {@code d} is positive. */
  public static Duration checkPositive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new InvalidConfigException(key, d.toString(), "must be positive");
    }
    return d;
  }

  /** Checks that {@code d} is zero or positive. */
  public static Duration checkNotNegative(String key, Duration d) {
    if (d.isNegative()) {
      throw new InvalidConfigException(key, d.toString(), "must not be negative");
    }
    return d;
  }

  /**
   * Parses a byte size: a whole number with an optional unit: {@code b}, {@code k}/{@code kib}
   * (1024), {@code kb} (1000), and likewise {@code m}, {@code g}; case-insensitive.
   */
  public static long bytes(String key, String value, long min, long max) {
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw new InvalidConfigException(key, value, "must be a size such as 65536, 512KiB or 1MiB");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long multiplier =
        switch (unit) {
          case "b" -> 1;
          case "kb" -> 1_000;
          case "k", "kib" -> 1L << 10;
          case "mb" -> 1_000_000;
          case "m", "mib" -> 1L << 20;
          case "gb" -> 1_000_000_000;
          default -> 1L << 30;
        };
    long n;
    try {
      n = Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new InvalidConfigException(key, value, "is too large");
    }
    if (n < min || n > max) {
      throw new InvalidConfigException(key, value, "must be from " + min + " to " + max + " bytes");
    }
    return n;
  }

  /** Checks that {@code n} is within {@code min..max}. */
  public static long checkRange(String key, long n, long min, long max) {
    if (n < min || n > max) {
      throw new InvalidConfigException(
          key, String.valueOf(n), "must be from " + min + " to " + max);
    }
    return n;
  }

  /** Splits a comma-separated list, trimming items and dropping empty ones. */
  public static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      String trimmed = item.trim();
      if (!trimmed.isEmpty()) {
        items.add(trimmed);
      }
    }
    return items;
  }
}
