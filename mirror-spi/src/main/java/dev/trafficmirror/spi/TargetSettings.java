package dev.trafficmirror.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The provider's part of one named target's configuration: the keys under {@code
 * mirror.target.<name>.} that the engine does not read itself, with the prefix removed ({@code
 * url}, or keys of your own). The engine's own keys ({@code type}, {@code sample-rate}, {@code
 * threads}, {@code queue-capacity}, {@code header.*}, {@code compare.*}, …) are not included; the
 * engine adds {@link #FROM_ENGINE}: {@code max-response-bytes} (defaulting to {@code
 * mirror.max-response-bytes}), {@code max-in-flight} and {@code timeout} for sizing a client, and
 * the sensitive-data policy for a target that stores what it is sent ({@code sensitive-headers},
 * {@code sensitive-query-params}: comma-separated lower-case names; {@code forward-sensitive}:
 * {@code true} when this target is sent the sensitive headers). A provider that rejects unknown
 * keys must accept these.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class TargetSettings {
  /** The keys the engine adds to every target's settings; see the class comment. */
  public static final Set<String> FROM_ENGINE =
      Set.of(
          "max-response-bytes",
          "max-in-flight",
          "timeout",
          "sensitive-headers",
          "sensitive-query-params",
          "forward-sensitive");

  private final String name;
  private final Map<String, String> properties;

  private TargetSettings(String name, Map<String, String> properties) {
    this.name = name;
    this.properties = properties;
  }

  /**
   * Returns settings for target {@code name} holding a copy of {@code properties}.
   *
   * @param properties keys relative to {@code mirror.target.<name>.}
   */
  public static TargetSettings of(String name, Map<String, String> properties) {
    Objects.requireNonNull(name, "name");
    return new TargetSettings(name, Collections.unmodifiableMap(new TreeMap<>(properties)));
  }

  /** Returns the target's name, for example {@code v2}. */
  public String name() {
    return name;
  }

  /** Returns every setting, by relative key, sorted by key. */
  public Map<String, String> properties() {
    return properties;
  }

  /** Returns the value of the relative {@code key}, or null when it is not set. */
  public @Nullable String get(String key) {
    return properties.get(key);
  }

  /**
   * Returns the value of the relative {@code key}.
   *
   * @throws InvalidConfigException naming the full key when it is not set or blank
   */
  public String require(String key) {
    String value = properties.get(key);
    if (value == null || value.isBlank()) {
      throw new InvalidConfigException(fullKey(key), value, "is required");
    }
    return value;
  }

  /** Returns the full configuration key for a relative one: {@code mirror.target.<name>.<key>}. */
  public String fullKey(String key) {
    return "mirror.target." + name + "." + key;
  }

  /** Returns an exception saying the relative {@code key}'s value is invalid, and why. */
  public InvalidConfigException invalid(String key, @Nullable String value, String reason) {
    return new InvalidConfigException(fullKey(key), value, reason);
  }

  @Override
  public String toString() {
    return "TargetSettings[" + name + ", keys=" + properties.keySet() + "]";
  }
}
