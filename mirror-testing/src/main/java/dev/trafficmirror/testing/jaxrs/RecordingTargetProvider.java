package dev.trafficmirror.testing.jaxrs;

import dev.trafficmirror.spi.ShadowTarget;
import dev.trafficmirror.spi.ShadowTargetProvider;
import dev.trafficmirror.spi.TargetSettings;

/**
 * Type {@code test-recording}: lets a configuration by properties (the feature registered by class)
 * reach a {@link RecordingTarget} the test can see.
 */
public final class RecordingTargetProvider implements ShadowTargetProvider {
  /** The target most recently created from configuration. */
  public static volatile RecordingTarget last = new RecordingTarget();

  @Override
  public String type() {
    return "test-recording";
  }

  @Override
  public ShadowTarget create(TargetSettings settings) {
    RecordingTarget target = new RecordingTarget();
    last = target;
    return target;
  }
}
