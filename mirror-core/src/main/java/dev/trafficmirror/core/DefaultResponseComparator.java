package dev.trafficmirror.core;

import dev.trafficmirror.core.internal.compare.BodyComparison;
import dev.trafficmirror.core.internal.compare.CompareRules;
import dev.trafficmirror.core.internal.compare.DifferenceSink;
import dev.trafficmirror.core.internal.compare.HeaderComparison;
import dev.trafficmirror.core.internal.compare.PointerPattern;
import dev.trafficmirror.spi.Comparison;
import dev.trafficmirror.spi.Difference;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ResponseComparator;
import dev.trafficmirror.spi.ShadowResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a shadow's response with production's: the status, chosen headers, then the body,
 * structurally when both bodies are JSON.
 *
 * <p><b>Status and headers.</b> A different status is a difference at {@code status}. Each chosen
 * header (default: {@code Content-Type} only) is looked up case-insensitively and its values
 * compared exactly and in order; {@code Content-Type} is compared as a media type: type and subtype
 * (case-insensitively), and only the parameters named by {@link Builder#contentTypeParameters}
 * (default none). A compared {@code charset} is compared as the charset it means: aliases resolve
 * to one name ({@code utf8} is {@code UTF-8}), and a JSON type without one means UTF-8 (RFC 8259).
 * An empty list of headers compares none. The difference is at {@code header:<Name>} with the
 * values joined by {@code ", "}, null on a side that lacks the header.
 *
 * <p><b>Body.</b> A body that cannot be judged is not compared: {@link Comparison#note()} says why,
 * and {@link Comparison#uncompared()} gives the reason, so that with no other difference the
 * outcome is {@code UNCOMPARED}, never {@code MATCH}. The reasons: {@code truncated} (either body
 * incomplete, see {@link ProductionResponse#bodyComplete()}); {@code decode-limit} (larger than
 * {@link Builder#maxDecodedBytes} once its {@code Content-Encoding} of {@code gzip}, {@code x-gzip}
 * or {@code deflate} is undone; decoding stops there); {@code unknown-encoding}; {@code
 * corrupt-encoding}; {@code unparseable} (its {@code Content-Type} says JSON and it does not
 * parse); {@code json-limit} (deeper than 500 levels, a number longer than 200 characters, more
 * than 250 000 values, or an unordered array too large to pair). A body is JSON when its {@code
 * Content-Type} is {@code application/json} or {@code *}{@code /*+json}, or when it has none and
 * starts with <code>&#123;</code> or {@code [}, and when it parses. Two JSON bodies are compared
 * structurally, with differences at JSON Pointers (the empty pointer is the whole document):
 *
 * <ul>
 *   <li>objects key by key; a key on one side only is a difference whose other value is null;
 *   <li>arrays index by index; different lengths are one more difference at the array, with the
 *       values {@code length N}; arrays marked {@linkplain Builder#unordered unordered} are
 *       compared as multisets, and a difference at the array lists the elements left unpaired on
 *       each side;
 *   <li>numbers numerically under the {@link Tolerance} for their path, so {@code 1} equals {@code
 *       1.0}; strings, booleans and null exactly; values of different types differ.
 * </ul>
 *
 * Values are rendered as compact JSON. Any other pair of bodies is compared byte for byte, with at
 * most one difference at {@code body}: UTF-8 text from a little before the first differing byte,
 * {@code <empty>}, or {@code <N bytes, sha-256 0123456789ab…>} for binary content.
 *
 * <p>Differences are listed in that order, at most {@link #maxDifferences()}, and all are counted.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DefaultResponseComparator implements ResponseComparator {
  /** The decode limit when none is set and no mirror supplies one: 1 MiB. */
  private static final int DEFAULT_DECODED_BYTES = 1 << 20;

  private final List<String> headers;
  private final List<String> ignored;
  private final Tolerance tolerance;
  private final Map<String, Tolerance> tolerances;
  private final List<String> unordered;
  private final int maxDifferences;
  private final List<String> contentTypeParameters;
  private final int maxValueChars;
  private final int maxDecodedBytes;
  private final CompareRules rules;
  private final BodyComparison bodies;

  private DefaultResponseComparator(Builder b) {
    this.headers = List.copyOf(b.headers);
    this.ignored = List.copyOf(b.ignored);
    this.tolerance = b.tolerance;
    this.tolerances = Collections.unmodifiableMap(new LinkedHashMap<>(b.tolerances));
    this.unordered = List.copyOf(b.unordered);
    this.maxDifferences = b.maxDifferences;
    this.contentTypeParameters = List.copyOf(b.contentTypeParameters);
    this.maxValueChars = b.maxValueChars;
    this.maxDecodedBytes = b.maxDecodedBytes;
    this.bodies =
        new BodyComparison(maxDecodedBytes == 0 ? DEFAULT_DECODED_BYTES : maxDecodedBytes);
    List<Map.Entry<PointerPattern, Tolerance>> perPath = new ArrayList<>();
    tolerances.forEach((pattern, t) -> perPath.add(Map.entry(PointerPattern.parse(pattern), t)));
    this.rules =
        new CompareRules(
            ignored.stream().map(PointerPattern::parse).toList(),
            tolerance,
            perPath,
            unordered.stream().map(PointerPattern::parse).toList());
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this comparator's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.headers = new ArrayList<>(headers);
    b.ignored.addAll(ignored);
    b.tolerance = tolerance;
    b.tolerances.putAll(tolerances);
    b.unordered.addAll(unordered);
    b.maxDifferences = maxDifferences;
    b.contentTypeParameters = new ArrayList<>(contentTypeParameters);
    b.maxValueChars = maxValueChars;
    b.maxDecodedBytes = maxDecodedBytes;
    return b;
  }

  /**
   * Returns this comparator, or, when no decode limit was set, a copy decoding up to {@code
   * maxResponseBytes} (a mirror's {@code mirror.max-response-bytes}).
   */
  DefaultResponseComparator withDefaultDecodeLimit(int maxResponseBytes) {
    return maxDecodedBytes != 0
        ? this
        : toBuilder().maxDecodedBytes(Math.max(1, maxResponseBytes)).build();
  }

  /**
   * Compares the shadow's response with production's as the class description says.
   *
   * <p>Any content is handled (malformed, binary, compressed, huge): what cannot be compared
   * becomes a difference or a note, not an exception.
   *
   * @throws NullPointerException if an argument is null
   */
  @Override
  public Comparison compare(
      MirroredRequest request, ProductionResponse production, ShadowResponse shadow) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(production, "production");
    Objects.requireNonNull(shadow, "shadow");
    DifferenceSink sink = new DifferenceSink(maxDifferences, maxValueChars);
    if (production.status() != shadow.status()) {
      sink.add("status", Integer.toString(production.status()), Integer.toString(shadow.status()));
    }
    HeaderComparison.compare(
        headers, contentTypeParameters, production.headers(), shadow.headers(), sink);
    bodies.compare(
        new BodyComparison.Side(
            "production", production.body(), production.headers(), production.bodyComplete()),
        new BodyComparison.Side("shadow", shadow.body(), shadow.headers(), shadow.bodyComplete()),
        rules,
        sink);
    return sink.toComparison();
  }

  /** Returns the {@code Content-Type} parameters compared, in lower case; default: none. */
  public List<String> contentTypeParameters() {
    return contentTypeParameters;
  }

  /** Returns the names of the headers compared, as configured; default: {@code Content-Type}. */
  public List<String> headers() {
    return headers;
  }

  /** Returns the ignored JSON Pointer patterns, in the order added; default: none. */
  public List<String> ignored() {
    return ignored;
  }

  /** Returns the tolerance for numbers no per-path tolerance covers; default: exact. */
  public Tolerance tolerance() {
    return tolerance;
  }

  /** Returns the per-path tolerances by JSON Pointer pattern, in the order added; default: none. */
  public Map<String, Tolerance> tolerances() {
    return tolerances;
  }

  /** Returns the patterns of arrays compared without regard to order; default: none. */
  public List<String> unordered() {
    return unordered;
  }

  /** Returns the most differences listed (all are counted); default: 20. */
  public int maxDifferences() {
    return maxDifferences;
  }

  /** Returns the most characters of a rendered value; default: 200. */
  public int maxValueChars() {
    return maxValueChars;
  }

  /**
   * Returns the most bytes a body may have once decoded, or 0 when not set: then a mirror uses its
   * {@code mirror.max-response-bytes}, and a comparator used alone 1 MiB.
   */
  public int maxDecodedBytes() {
    return maxDecodedBytes;
  }

  @Override
  public String toString() {
    return "DefaultResponseComparator[headers="
        + headers
        + ", ignored="
        + ignored
        + ", tolerance="
        + tolerance
        + ", tolerances="
        + tolerances
        + ", unordered="
        + unordered
        + ", maxDifferences="
        + maxDifferences
        + ", maxValueChars="
        + maxValueChars
        + ", maxDecodedBytes="
        + maxDecodedBytes
        + "]";
  }

  /**
   * Builds a {@link DefaultResponseComparator}; not thread-safe.
   *
   * <p>Paths are JSON Pointer patterns (RFC 6901, with {@code ~0} for {@code ~} and {@code ~1} for
   * {@code /} in keys) whose segments may be {@code *} for any one key or index, for example {@code
   * /items/*}{@code /timestamp}; the empty pattern is the whole document.
   */
  public static final class Builder {
    private List<String> headers = List.of("Content-Type");
    private final List<String> ignored = new ArrayList<>();
    private Tolerance tolerance = Tolerance.exact();
    private final Map<String, Tolerance> tolerances = new LinkedHashMap<>();
    private final List<String> unordered = new ArrayList<>();
    private int maxDifferences = 20;
    private List<String> contentTypeParameters = new ArrayList<>();
    private int maxValueChars = Difference.MAX_VALUE_CHARS;
    private int maxDecodedBytes;

    private Builder() {}

    /**
     * Sets the most bytes a body may have once its {@code Content-Encoding} is undone; a larger one
     * is not compared ({@code decode-limit}), and decoding stops there. Default: not set, so a
     * mirror uses {@code mirror.max-response-bytes} (1 MiB when used alone).
     *
     * @throws IllegalArgumentException if {@code max} is not between 1 and 16 MiB
     */
    public Builder maxDecodedBytes(int max) {
      if (max < 1 || max > BodyComparison.MAX_DECODED_BYTES) {
        throw new IllegalArgumentException(
            "maxDecodedBytes must be between 1 and "
                + BodyComparison.MAX_DECODED_BYTES
                + ": "
                + max);
      }
      this.maxDecodedBytes = max;
      return this;
    }

    /**
     * Sets the headers to compare, replacing the previous ones; default: {@code Content-Type}.
     * Names are case-insensitive; a name given twice is compared once.
     *
     * @throws IllegalArgumentException if a name is blank
     */
    public Builder headers(Collection<String> names) {
      Objects.requireNonNull(names, "names");
      Map<String, String> byKey = new LinkedHashMap<>();
      for (String name : names) {
        Objects.requireNonNull(name, "header name");
        if (name.isBlank()) {
          throw new IllegalArgumentException("header name is blank: \"" + name + "\"");
        }
        byKey.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name.strip());
      }
      this.headers = List.copyOf(byKey.values());
      return this;
    }

    /**
     * Sets the {@code Content-Type} parameters compared besides type and subtype, replacing the
     * previous ones; default: none. {@code charset} is compared as the charset it means.
     *
     * @throws IllegalArgumentException if a name is blank
     */
    public Builder contentTypeParameters(Collection<String> names) {
      List<String> lower = new ArrayList<>();
      for (String name : Objects.requireNonNull(names, "names")) {
        if (Objects.requireNonNull(name, "parameter name").isBlank()) {
          throw new IllegalArgumentException("parameter name is blank: \"" + name + "\"");
        }
        lower.add(name.strip().toLowerCase(Locale.ROOT));
      }
      this.contentTypeParameters = lower;
      return this;
    }

    /**
     * Skips the JSON values at paths matching {@code pointerPattern}, and everything under them.
     *
     * @throws IllegalArgumentException if the pattern is not a JSON Pointer
     */
    public Builder ignore(String pointerPattern) {
      ignored.add(checked("ignore", pointerPattern));
      return this;
    }

    /** Sets the tolerance for numbers no per-path tolerance covers; default: exact. */
    public Builder tolerance(Tolerance tolerance) {
      this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
      return this;
    }

    /**
     * Sets the tolerance for numbers at paths matching {@code pointerPattern} and under them,
     * replacing one set before for the same pattern. Where several patterns match, the longest
     * wins, then the one with fewer {@code *}, then the one set last.
     *
     * @throws IllegalArgumentException if the pattern is not a JSON Pointer
     */
    public Builder tolerance(String pointerPattern, Tolerance tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      tolerances.put(checked("tolerance", pointerPattern), tolerance);
      return this;
    }

    /**
     * Compares the arrays at paths matching {@code pointerPattern} as multisets: each production
     * element must match a different shadow element, by the same rules as everything else.
     *
     * @throws IllegalArgumentException if the pattern is not a JSON Pointer
     */
    public Builder unordered(String pointerPattern) {
      unordered.add(checked("unordered", pointerPattern));
      return this;
    }

    /**
     * Sets the most differences listed in a comparison; all are counted; default: 20.
     *
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public Builder maxDifferences(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxDifferences must be at least 1: " + max);
      }
      this.maxDifferences = max;
      return this;
    }

    /**
     * Sets the most characters of a rendered value, including the {@code …} that ends a cut one;
     * default and upper limit: {@value Difference#MAX_VALUE_CHARS}.
     *
     * @throws IllegalArgumentException if {@code max} is not between 1 and {@value
     *     Difference#MAX_VALUE_CHARS}
     */
    public Builder maxValueChars(int max) {
      if (max < 1 || max > Difference.MAX_VALUE_CHARS) {
        throw new IllegalArgumentException(
            "maxValueChars must be between 1 and " + Difference.MAX_VALUE_CHARS + ": " + max);
      }
      this.maxValueChars = max;
      return this;
    }

    /** Returns the comparator. */
    public DefaultResponseComparator build() {
      return new DefaultResponseComparator(this);
    }

    private static String checked(String setting, String pointerPattern) {
      Objects.requireNonNull(pointerPattern, "pointerPattern");
      try {
        PointerPattern.parse(pointerPattern);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
      }
      return pointerPattern;
    }
  }
}
