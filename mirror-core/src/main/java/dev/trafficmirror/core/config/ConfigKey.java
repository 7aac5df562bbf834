package dev.trafficmirror.core.config;

import dev.trafficmirror.spi.InvalidConfigException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One configuration key, defined once: its name, how its text is parsed and its value checked, its
 * default, range, an example and the line that documents it, and how it is applied to the builder
 * it configures. The parser, the builders' checks, the environment overrides and {@code
 * docs/configuration.md} (checked by a test) all derive from these definitions.
 *
 * <p>A key under {@code mirror.target.<name>.} is named with the literal {@code <name>}; {@link
 * #name(String)} gives one target's key. Immutable and thread-safe.
 *
 * @param <B> the builder the key is applied to
 * @param <T> the type of its value
 */
public final class ConfigKey<B, T> {
  /** The placeholder for a target's name in the keys under {@code mirror.target.<name>.}. */
  public static final String TARGET_NAME = "<name>";

  /** Parses the text of a key; errors name the key and the value. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Returns the value {@code text} means.
     *
     * @throws InvalidConfigException naming {@code key} and {@code text} when it is not valid
     */
    T parse(String key, String text);
  }

  /** Checks a value given in code, as a builder does; errors name the key and the value. */
  @FunctionalInterface
  public interface Checker<T> {
    /**
     * Returns {@code value} when valid.
     *
     * @throws InvalidConfigException naming {@code key} and {@code value} when it is not
     */
    T check(String key, T value);
  }

  private final String name;
  private final Parser<T> parser;
  private final Checker<T> checker;
  private final BiConsumer<B, T> applier;
  private final String defaultText;
  private final String range;
  private final String example;
  private final String meaning;
  private final boolean secret;

  private ConfigKey(
      String name,
      Parser<T> parser,
      Checker<T> checker,
      BiConsumer<B, T> applier,
      String defaultText,
      String range,
      String example,
      String meaning,
      boolean secret) {
    this.name = name;
    this.parser = parser;
    this.checker = checker;
    this.applier = applier;
    this.defaultText = defaultText;
    this.range = range;
    this.example = example;
    this.meaning = meaning;
    this.secret = secret;
  }

  /**
   * Returns a key whose text {@code parser} reads and whose values in code {@code checker} checks,
   * applied by {@code applier}; document it with {@link #doc}.
   */
  public static <B, T> ConfigKey<B, T> of(
      String name, Parser<T> parser, Checker<T> checker, BiConsumer<B, T> applier) {
    return new ConfigKey<>(name, parser, checker, applier, "", "", "", "", false);
  }

  /** Returns a key of {@code true} or {@code false}. */
  public static <B> ConfigKey<B, Boolean> bool(String name, BiConsumer<B, Boolean> applier) {
    return of(name, ConfigValues::bool, (key, value) -> value, applier);
  }

  /** Returns a key of a share between 0 and 1 inclusive. */
  public static <B> ConfigKey<B, Double> rate(String name, BiConsumer<B, Double> applier) {
    return of(
        name,
        ConfigValues::rate,
        (key, value) -> {
          ConfigValues.checkRate(key, value);
          return value;
        },
        applier);
  }

  /** Returns a key of a whole number within {@code min..max}. */
  public static <B> ConfigKey<B, Integer> integer(
      String name, int min, int max, BiConsumer<B, Integer> applier) {
    return of(
        name,
        (key, text) -> ConfigValues.integer(key, text, min, max),
        (key, value) -> ConfigValues.checkRange(key, value, min, max),
        applier);
  }

  /** Returns a key of a byte size within {@code min..max} ({@code 64KiB}, {@code 1MiB}, …). */
  public static <B> ConfigKey<B, Long> bytes(
      String name, long min, long max, BiConsumer<B, Long> applier) {
    return of(
        name,
        (key, text) -> ConfigValues.bytes(key, text, min, max),
        (key, value) -> ConfigValues.checkRange(key, value, min, max),
        applier);
  }

  /** Returns a key of a positive duration ({@code 250ms}, {@code 2s}, {@code PT2S}). */
  public static <B> ConfigKey<B, Duration> duration(String name, BiConsumer<B, Duration> applier) {
    return of(name, ConfigValues::duration, ConfigValues::checkPositive, applier);
  }

  /** Returns a key of a comma-separated list. */
  public static <B> ConfigKey<B, List<String>> list(
      String name, BiConsumer<B, List<String>> applier) {
    return of(name, (key, text) -> ConfigValues.list(text), (key, value) -> value, applier);
  }

  /** Returns a key of free text, applied as given (the applier trims where it should). */
  public static <B> ConfigKey<B, String> text(String name, BiConsumer<B, String> applier) {
    return of(name, (key, text) -> text, (key, value) -> value, applier);
  }

  /** Returns a copy documented by the four cells of its row in {@code docs/configuration.md}. */
  public ConfigKey<B, T> doc(String defaultText, String range, String example, String meaning) {
    return new ConfigKey<>(
        name, parser, checker, applier, defaultText, range, example, meaning, secret);
  }

  /** Returns a copy whose values are secrets: never shown in a message or a log. */
  public ConfigKey<B, T> secret() {
    return new ConfigKey<>(
        name, parser, checker, applier, defaultText, range, example, meaning, true);
  }

  /**
   * Returns the key's name, for example {@code mirror.sample-rate} or {@code
   * mirror.target.<name>.timeout}.
   */
  public String name() {
    return name;
  }

  /** Returns the key of target {@code target}: {@code <name>} replaced by it. */
  public String name(String target) {
    return name.replace(TARGET_NAME, target);
  }

  /** Returns the part after {@code mirror.target.<name>.}, or the whole name of other keys. */
  public String relativeName() {
    String prefix = "mirror.target." + TARGET_NAME + ".";
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /**
   * Returns whether this key stands for a family of keys, such as {@code
   * mirror.compare.tolerance.<json-pointer>} or {@code mirror.target.<name>.header.<Header-Name>}:
   * it is documented in the table, and the parser reads its members by their prefix.
   */
  public boolean isPattern() {
    return relativeName().replace(TARGET_NAME, "").contains("<");
  }

  /** Returns whether values are secrets. */
  public boolean isSecret() {
    return secret;
  }

  /**
   * Parses {@code text} given for {@code key} (this key, or one target's instance of it). The error
   * for a secret key shows {@code <hidden, N chars>} in place of its value.
   */
  public T parse(String key, String text) {
    try {
      return parser.parse(key, text);
    } catch (InvalidConfigException e) {
      throw secret ? hidden(e) : e;
    }
  }

  /**
   * Checks {@code value} given in code for this key; a target key is checked under {@link
   * #name(String)}.
   */
  public T check(T value) {
    return checker.check(name, Objects.requireNonNull(value, name));
  }

  /** Checks {@code value} given in code for one target's instance of this key. */
  public T check(String target, T value) {
    return checker.check(name(target), Objects.requireNonNull(value, name));
  }

  /**
   * Parses {@code text} given for {@code key} and applies the value to {@code builder}. The error
   * for a secret key shows {@code ****} in place of its value.
   */
  public void apply(B builder, String key, String text) {
    try {
      applier.accept(builder, parse(key, text));
    } catch (InvalidConfigException e) {
      throw secret ? hidden(e) : e;
    }
  }

  /**
   * Returns the error for the unknown {@code key}, naming the nearest of {@code known} when one is
   * close (see {@link NearestKey}). Its value is hidden when the key looks secret ({@link
   * #looksSecret}) or the nearest is one of {@code secret}: a misspelt secret key must not print
   * its secret either.
   */
  public static InvalidConfigException unknown(
      String key, String value, Collection<String> known, Collection<String> secret) {
    String reason = NearestKey.unknownKey(key, known);
    InvalidConfigException unknown = new InvalidConfigException(key, value, reason);
    boolean hide =
        looksSecret(key) || secret.stream().anyMatch(s -> reason.endsWith(" " + s + "?"));
    return hide ? hidden(unknown) : unknown;
  }

  /**
   * Returns whether a key's name says its value is a secret (a seed, signing key, password, token,
   * …): the rule of {@link InvalidConfigException#shown}.
   */
  public static boolean looksSecret(String key) {
    return InvalidConfigException.shown(key, "x").startsWith("<hidden");
  }

  /** Returns {@code e} with its value shown as {@code <hidden, N chars>}, as for any secret. */
  public static InvalidConfigException hidden(InvalidConfigException e) {
    String value = e.value();
    if (value == null || value.startsWith("<hidden")) {
      return e;
    }
    String message = String.valueOf(e.getMessage());
    String prefix = e.key() + "=" + value + ": ";
    String reason =
        message.startsWith(prefix) ? message.substring(prefix.length()) : "is not valid";
    String shown = "<hidden, " + value.length() + (value.length() == 1 ? " char>" : " chars>");
    InvalidConfigException masked = new InvalidConfigException(e.key(), shown, reason);
    masked.setStackTrace(e.getStackTrace());
    return masked;
  }

  /** Returns the row documenting this key in {@code docs/configuration.md}'s tables. */
  public String docRow() {
    return "| `"
        + name
        + "` | "
        + defaultText
        + " | "
        + range
        + " | "
        + example
        + " | "
        + meaning
        + " |";
  }

  @Override
  public String toString() {
    return name;
  }
}
