package dev.trafficmirror.core.internal;

import dev.trafficmirror.core.HttpShadowTarget;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;
import java.net.URI;
import java.util.Set;

/**
 * Provides the {@code http} target type: {@code mirror.target.<name>.url} (required) and
 * {@code mirror.target.<name>.max-response-bytes} (default {@code mirror.max-response-bytes}).
 */
public final class HttpShadowTargetProvider implements ShadowTargetProvider {
  private static final Set<String> KEYS = Set.of("url", "max-response-bytes");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public HttpShadowTargetProvider() {}

  @Override
  public String type() {
    return "http";
  }

  @Override
  public ShadowTarget create(TargetSettings settings) {
    for (String key : settings.properties().keySet()) {
      if (!KEYS.contains(key)) {
        throw settings.invalid(key, settings.get(key), "is not a setting of the http target (known: url, max-response-bytes, and the engine's keys)");
      }
    }
    String url = settings.require("url").trim();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw settings.invalid("url", url, "is not a valid URL");
    }
    int maxResponseBytes;
    String max = settings.get("max-response-bytes");
    maxResponseBytes = max == null ? 1 << 20 : (int) ConfigValues.bytes(settings.fullKey("max-response-bytes"), max, 0, Integer.MAX_VALUE - 8);
    try {
      return HttpShadowTarget.builder(uri).maxResponseBytes(maxResponseBytes).name(settings.name()).build();
    } catch (IllegalArgumentException e) {
      throw settings.invalid("url", url, String.valueOf(e.getMessage()));
    }
  }
}
