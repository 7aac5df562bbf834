package dev.trafficmirror.core;

import java.util.Locale;

/**
 * Whether a target takes copies. A target that does not is not sampled at all: no copy, no outcome,
 * so its counted outcomes still add up to the requests sampled for it. Copies taken before a target
 * stopped or paused still end in their own outcome.
 */
public enum TargetState {
  /** Taking copies. */
  RUNNING,
  /** Paused by {@link Mirror#pause(String)} until {@link Mirror#resume(String)}. */
  PAUSED,
  /** Stopped because {@code mirror.target.<name>.stop-after} elapsed since it (re)started. */
  STOPPED_AFTER_DURATION,
  /** Stopped because it counted {@code mirror.target.<name>.max-mismatches} mismatches. */
  STOPPED_AFTER_MISMATCHES;

  /**
   * Returns the lower-case name used in the status JSON, for example {@code
   * stopped_after_duration}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
