package dev.trafficmirror.core.capture;

import dev.trafficmirror.spi.ProductionResponse;
import java.time.Duration;

/**
 * What an adapter's response offers the capture once production has completed: production's answer,
 * read back from the web API. Called once, at hand-over, only for a copy that is sent.
 */
@FunctionalInterface
public interface ResponseView {
  /** Returns what production answered, which took {@code duration}. */
  ProductionResponse production(Duration duration);
}
