package dev.trafficmirror.spi;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a configuration value is missing or invalid. The message names the full
 * key and the value, for example {@code mirror.sample-rate=1.5: must be between 0 and 1}.
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final @Nullable String value;

  /**
   * Creates an exception for {@code key}.
   *
   * @param key the full configuration key
   * @param value the offending value, or null when the key was missing
   * @param reason what is wrong, as a phrase: {@code "must be between 0 and 1"}
   */
  public InvalidConfigException(String key, @Nullable String value, String reason) {
    super(key + (value == null ? " " : "=" + value + ": ") + reason);
    this.key = key;
    this.value = value;
  }

  /** Returns the full configuration key. */
  public String key() {
    return key;
  }

  /** Returns the offending value, or null when the key was missing. */
  public @Nullable String value() {
    return value;
  }
}
