package dev.trafficmirror.redis.internal;

import dev.trafficmirror.core.SensitiveData;
import dev.trafficmirror.redis.RedisStreamTarget;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Provides the {@code redis-stream} target type: {@code mirror.target.<name>.uri} and
 * {@code .stream} (required), {@code .maxlen} and {@code .signing-key} (optional). See
 * {@link RedisStreamTarget}.
 */
public final class RedisStreamTargetProvider implements ShadowTargetProvider {
  /** The keys a user sets; the engine also passes its own ({@link TargetSettings#FROM_ENGINE}). */
  private static final List<String> USER_KEYS = List.of("uri", "stream", "maxlen", "signing-key");
  private static final String HIDDEN = "<hidden>";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisStreamTargetProvider() {}

  @Override
  public String type() {
    return "redis-stream";
  }

  @Override
  public List<String> keys() {
    return USER_KEYS;
  }

  @Override
  public ShadowTarget create(TargetSettings settings) {
    for (String key : settings.properties().keySet()) {
      if (!USER_KEYS.contains(key) && !TargetSettings.FROM_ENGINE.contains(key)) {
        String lower = key.toLowerCase(Locale.ROOT);
        boolean mayBeSecret = lower.contains("key") || lower.contains("secret") || lower.contains("password");
        throw settings.invalid(key, mayBeSecret ? HIDDEN : settings.get(key),
            "is not a setting of the redis-stream target (known: uri, stream, maxlen, signing-key, and the engine's keys)");
      }
    }
    String uriText = settings.require("uri").trim();
    URI uri;
    try {
      uri = new URI(uriText);
    } catch (URISyntaxException e) {
      throw settings.invalid("uri", uriText, "is not a valid URI");
    }
    if (!RedisClients.isValid(uri)) {
      throw settings.invalid("uri", uriText, "must be redis://host:port or rediss://host:port");
    }
    String stream = settings.require("stream").trim();
    RedisStreamTarget.Builder builder = RedisStreamTarget.builder(uri, stream)
        .sensitiveData(sensitiveData(settings), "true".equals(settings.get("forward-sensitive")));
    String maxLen = settings.get("maxlen");
    if (maxLen != null) {
      builder.maxLen(maxLen(settings, maxLen));
    }
    String signingKey = settings.get("signing-key");
    if (signingKey != null) {
      try {
        builder.signingKey(signingKey);
      } catch (IllegalArgumentException e) {
        throw settings.invalid("signing-key", HIDDEN, RecordSignature.keyRule());
      }
    }
    return builder.build();
  }

  /** The engine's policy, passed as settings; the defaults alone when created without the engine. */
  private static SensitiveData sensitiveData(TargetSettings settings) {
    SensitiveData.Builder policy = SensitiveData.builder();
    String headers = settings.get("sensitive-headers");
    if (headers != null) {
      policy.headers(list(headers));
    }
    String queryParams = settings.get("sensitive-query-params");
    if (queryParams != null) {
      policy.queryParams(list(queryParams));
    }
    return policy.build();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static long maxLen(TargetSettings settings, String value) {
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw settings.invalid("maxlen", value, "must be a whole number (0 turns trimming off)");
    }
    if (n < 0) {
      throw settings.invalid("maxlen", value, "must not be negative (0 turns trimming off)");
    }
    return n;
  }
}
