package dev.trafficmirror.core;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One target's outcomes in one minute (by when each outcome was decided). Immutable.
 *
 * @param minute the minute's start
 * @param sampled outcomes of every kind
 * @param compared MATCH plus MISMATCH
 * @param matched MATCH
 * @param agreeingExcludingNoise compared copies that agree once noise is excluded (matches, and
 *     mismatches whose every difference lay on a path that was noise at that time); equal to {@code
 *     matched} without a baseline
 * @param shadowErrors SHADOW_ERROR plus SHADOW_TIMEOUT
 * @param productionP99 production's 99th percentile latency, or null when none was recorded
 * @param shadowP99 the shadow's 99th percentile latency, or null when it answered none
 */
public record MinuteStatistics(
    Instant minute,
    long sampled,
    long compared,
    long matched,
    long agreeingExcludingNoise,
    long shadowErrors,
    @Nullable Duration productionP99,
    @Nullable Duration shadowP99) {

  /** Returns matched / compared, or NaN when nothing was compared. */
  public double agreementRate() {
    return compared == 0 ? Double.NaN : (double) matched / compared;
  }

  /** Returns agreeing-excluding-noise / compared, or NaN when nothing was compared. */
  public double agreementRateExcludingNoise() {
    return compared == 0 ? Double.NaN : (double) agreeingExcludingNoise / compared;
  }
}
