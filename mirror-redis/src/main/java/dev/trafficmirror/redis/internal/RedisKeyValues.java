package dev.trafficmirror.redis.internal;

import dev.trafficmirror.spi.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;

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
}
