package dev.trafficmirror.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One place where the shadow's response differs from production's.
 *
 * <p>The {@link #path()} names the place: {@code status}, {@code header:<Name>}, {@code body} for a
 * body compared as bytes, or a JSON Pointer (RFC 6901) such as {@code /scores/2} for a JSON body;
 * the empty pointer {@code ""} is the whole JSON document. The two values are short renderings,
 * each at most {@value #MAX_VALUE_CHARS} characters, ending in {@code …} when cut. A value is null
 * when it is absent on that side, for example a JSON key only the shadow sent.
 *
 * <p>The values are excerpts of headers and bodies and may hold personal data: {@link #toString()}
 * prints the path only.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Difference {
  /** The most characters a value rendering holds, including the trailing {@code …}: {@value}. */
  public static final int MAX_VALUE_CHARS = 200;

  private final String path;
  private final @Nullable String production;
  private final @Nullable String shadow;

  private Difference(String path, @Nullable String production, @Nullable String shadow) {
    this.path = path;
    this.production = production;
    this.shadow = shadow;
  }

  /**
   * Returns a difference at {@code path}; a value longer than {@value #MAX_VALUE_CHARS} characters
   * is cut to that length, its last character replaced by {@code …}.
   *
   * @param path where the values differ, for example {@code /scores/2}
   * @param production production's value, or null when production has none there
   * @param shadow the shadow's value, or null when the shadow has none there
   */
  public static Difference of(String path, @Nullable String production, @Nullable String shadow) {
    Objects.requireNonNull(path, "path");
    return new Difference(path, cap(production), cap(shadow));
  }

  /** Returns where the values differ. */
  public String path() {
    return path;
  }

  /** Returns production's value, or null when production has none at {@link #path()}. */
  public @Nullable String production() {
    return production;
  }

  /** Returns the shadow's value, or null when the shadow has none at {@link #path()}. */
  public @Nullable String shadow() {
    return shadow;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Difference that
        && path.equals(that.path)
        && Objects.equals(production, that.production)
        && Objects.equals(shadow, that.shadow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, production, shadow);
  }

  /** Returns {@code Difference[<path>]}: the values may hold personal data and are not printed. */
  @Override
  public String toString() {
    return "Difference[" + path + "]";
  }

  private static @Nullable String cap(@Nullable String value) {
    if (value == null || value.length() <= MAX_VALUE_CHARS) {
      return value;
    }
    int end = MAX_VALUE_CHARS - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return value.substring(0, end) + "…";
  }
}
