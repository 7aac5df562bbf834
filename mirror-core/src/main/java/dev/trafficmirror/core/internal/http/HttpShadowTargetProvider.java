package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.core.HttpShadowTarget;
import dev.trafficmirror.core.MirrorKeys;
import dev.trafficmirror.core.config.ConfigKey;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Provides the {@code http} target type: {@code mirror.target.<name>.url} (required), {@code
 * mirror.target.<name>.max-response-bytes} (default {@code mirror.max-response-bytes}) and {@code
 * mirror.target.<name>.connect-timeout} (default 500ms, at most the target's timeout). Its
 * connection pool holds up to the target's {@code max-in-flight} connections.
 */
public final class HttpShadowTargetProvider implements ShadowTargetProvider {
  /** The keys a user sets; the engine also passes {@code max-in-flight} and {@code timeout}. */
  private static final List<String> KEYS =
      MirrorKeys.HTTP.stream().map(ConfigKey::relativeName).toList();

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public HttpShadowTargetProvider() {}

  @Override
  public String type() {
    return "http";
  }

  @Override
  public List<String> keys() {
    return KEYS;
  }

  @Override
  public ShadowTarget create(TargetSettings settings) {
    for (String key : settings.properties().keySet()) {
      if (!KEYS.contains(key) && !TargetSettings.FROM_ENGINE.contains(key)) {
        throw settings.invalid(
            key,
            settings.get(key),
            "is not a setting of the http target (it accepts "
                + String.join(", ", KEYS)
                + ", and the engine's keys type, timeout, sample-rate, threads, queue-capacity, "
                + "max-in-flight, connect-backoff, header.*, compare.*)");
      }
    }
    String url = settings.require("url").trim();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw settings.invalid("url", url, "is not a valid URL");
    }
    String max = settings.get("max-response-bytes");
    int maxResponseBytes =
        max == null
            ? 1 << 20
            : MirrorKeys.TARGET_MAX_RESPONSE_BYTES
                .parse(settings.fullKey("max-response-bytes"), max)
                .intValue();
    String inFlight = settings.get("max-in-flight");
    int maxConnections =
        inFlight == null
            ? 64
            : MirrorKeys.MAX_IN_FLIGHT.parse(settings.fullKey("max-in-flight"), inFlight);
    String timeout = settings.get("timeout");
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    String connect = settings.get("connect-timeout");
    if (connect != null) {
      connectTimeout =
          MirrorKeys.CONNECT_TIMEOUT.parse(settings.fullKey("connect-timeout"), connect);
    } else if (timeout != null) {
      Duration callTimeout = MirrorKeys.TIMEOUT.parse(settings.fullKey("timeout"), timeout);
      connectTimeout = callTimeout.compareTo(connectTimeout) < 0 ? callTimeout : connectTimeout;
    }
    HttpShadowTarget.Builder builder;
    try {
      builder = HttpShadowTarget.builder(uri);
    } catch (IllegalArgumentException e) {
      throw settings.invalid("url", url, String.valueOf(e.getMessage()));
    }
    return builder
        .maxResponseBytes(maxResponseBytes)
        .maxConnections(maxConnections)
        .connectTimeout(connectTimeout)
        .name(settings.name())
        .build();
  }
}
