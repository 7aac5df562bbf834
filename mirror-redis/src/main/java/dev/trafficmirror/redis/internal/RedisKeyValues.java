package dev.trafficmirror.redis.internal;

import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.core.config.NearestKey;
import dev.trafficmirror.spi.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;

/**
 * How the values of the Redis keys ({@code mirror.replayer.*} and the {@code redis-stream}
 * target's) are read and checked; errors name the key and the value. Stateless.
 */
public final class RedisKeyValues {
  /** Shown in place of a secret value. */
  private RedisKeyValues() {}

  /** Returns the Redis URI {@code text} means: {@code redis://host:port} or {@code rediss://…}. */
  public static URI uri(String key, String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new InvalidConfigException(key, text, "is not a valid URI");
    }
    return checkUri(key, uri);
  }

  /**
   * Returns {@code uri} when it is a {@code redis://} or {@code rediss://} URI with host and port.
   */
  public static URI checkUri(String key, URI uri) {
    if (!RedisClients.isValid(uri)) {
      throw new InvalidConfigException(
          key, uri.toString(), "must be redis://host:port or rediss://host:port");
    }
    return uri;
  }

  /** Returns {@code text} trimmed, unless it is blank: the error then shows it as given. */
  public static String name(String key, String text) {
    return notBlank(key, text.isBlank() ? text : text.trim());
  }

  /** Returns {@code value} when it is not blank. */
  public static String notBlank(String key, String value) {
    if (value.isBlank()) {
      throw new InvalidConfigException(key, value, "must not be blank");
    }
    return value;
  }

  /** Returns {@code value} when it is a usable signing key; the error never shows it. */
  public static String signingKey(String key, String value) {
    try {
      RecordSignature.withKey(value.strip());
    } catch (IllegalArgumentException e) {
      // The exception shows a signing key as <hidden, N chars>.
      throw new InvalidConfigException(key, value, RecordSignature.keyRule());
    }
    return value;
  }

  /** Returns the stream length {@code text} means: a whole number, 0 turning trimming off. */
  public static long maxLen(String key, String text) {
    long n;
    try {
      n = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key, text, "must be a whole number (0 turns trimming off)");
    }
    return checkMaxLen(key, n);
  }

  /** Returns {@code n} when it is not negative. */
  public static long checkMaxLen(String key, long n) {
    if (n < 0) {
      throw new InvalidConfigException(
          key, String.valueOf(n), "must not be negative (0 turns trimming off)");
    }
    return n;
  }

  /**
   * Returns the value {@code text} means for {@code name}, an instance of {@code key}; the error
   * for a secret key shows {@code <hidden, N chars>} in place of the value.
   */
  public static <T> T parse(ConfigKey<?, T> key, String name, String text) {
    try {
      return key.parse(name, text);
    } catch (InvalidConfigException e) {
      throw key.isSecret() ? ConfigKey.hidden(e) : e;
    }
  }

  /**
   * Returns the error for the unknown {@code key}, naming the nearest of {@code known} when one is
   * close; the value is hidden when the key looks secret or the nearest is one of {@code secret}.
   */
  public static InvalidConfigException unknown(
      String key, String value, Collection<String> known, Collection<String> secret) {
    String reason = NearestKey.unknownKey(key, known);
    InvalidConfigException unknown = new InvalidConfigException(key, value, reason);
    boolean hide =
        ConfigKey.looksSecret(key) || secret.stream().anyMatch(s -> reason.endsWith(" " + s + "?"));
    return hide ? ConfigKey.hidden(unknown) : unknown;
  }
}
