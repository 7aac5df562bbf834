package dev.trafficmirror.servlet;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A target type ({@code closing}) that remembers which targets were closed, by name. */
public final class ClosingTargetProvider implements ShadowTargetProvider {
  static final Set<String> CLOSED = ConcurrentHashMap.newKeySet();

  /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
  public ClosingTargetProvider() {}

  @Override
  public String type() {
    return "closing";
  }

  @Override
  public ShadowTarget create(TargetSettings settings) {
    return new ShadowTarget() {
      @Override
      public ShadowResponse send(MirroredRequest request, Duration timeout) {
        return ShadowResponse.of(200, Headers.empty(), Body.empty());
      }

      @Override
      public void close() {
        CLOSED.add(settings.name());
      }
    };
  }
}
