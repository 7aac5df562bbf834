package dev.trafficmirror.core.internal.report;

import dev.trafficmirror.core.MinuteStatistics;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One target's outcomes per minute over the last {@value #MINUTES} minutes, in a ring of fixed
 * size; each outcome lands in the minute it was decided ({@link MirrorOutcome#finishedAt()}), so a
 * test sets the time on the outcome instead of waiting. Thread-safe.
 */
final class MinuteSeries {
  /** How many minutes are kept. */
  public static final int MINUTES = 60;

  private final Minute[] ring = new Minute[MINUTES];

  /** Creates an empty series. */
  public MinuteSeries() {
    for (int i = 0; i < MINUTES; i++) {
      ring[i] = new Minute();
    }
  }

  /** Records an outcome; {@code agreesExcludingNoise} as judged when it was recorded. */
  public void record(MirrorOutcome outcome, boolean agreesExcludingNoise) {
    long minute = Math.floorDiv(outcome.finishedAt().getEpochSecond(), 60);
    Minute slot = ring[Math.floorMod(minute, MINUTES)];
    synchronized (slot) {
      if (slot.minute != minute) {
        if (minute < slot.minute) {
          return; // Older than the ring holds.
        }
        slot.reset(minute);
      }
      slot.add(outcome, agreesExcludingNoise);
    }
  }

  /**
   * Returns the minutes with outcomes among the last {@value #MINUTES} up to {@code now}, oldest
   * first.
   */
  public List<MinuteStatistics> snapshot(Instant now) {
    long current = Math.floorDiv(now.getEpochSecond(), 60);
    List<MinuteStatistics> minutes = new ArrayList<>();
    for (long m = current - MINUTES + 1; m <= current; m++) {
      Minute slot = ring[Math.floorMod(m, MINUTES)];
      synchronized (slot) {
        if (slot.minute == m && slot.sampled > 0) {
          minutes.add(
              new MinuteStatistics(
                  Instant.ofEpochSecond(m * 60),
                  slot.sampled,
                  slot.compared,
                  slot.matched,
                  slot.agreeing,
                  slot.shadowErrors,
                  slot.production.percentile(0.99),
                  slot.shadow.percentile(0.99)));
        }
      }
    }
    return minutes;
  }

  private static final class Minute {
    long minute = Long.MIN_VALUE;
    long sampled;
    long compared;
    long matched;
    long agreeing;
    long shadowErrors;
    LatencyHistogram production = new LatencyHistogram();
    LatencyHistogram shadow = new LatencyHistogram();

    void reset(long minute) {
      this.minute = minute;
      sampled = compared = matched = agreeing = shadowErrors = 0;
      production = new LatencyHistogram();
      shadow = new LatencyHistogram();
    }

    void add(MirrorOutcome outcome, boolean agreesExcludingNoise) {
      OutcomeKind kind = outcome.kind();
      sampled++;
      if (kind == OutcomeKind.MATCH || kind == OutcomeKind.MISMATCH) {
        compared++;
        matched += kind == OutcomeKind.MATCH ? 1 : 0;
        agreeing += agreesExcludingNoise ? 1 : 0;
      }
      if (kind == OutcomeKind.SHADOW_ERROR || kind == OutcomeKind.SHADOW_TIMEOUT) {
        shadowErrors++;
      }
      ProductionResponse p = outcome.production();
      if (p != null) {
        production.record(p.duration());
      }
      Duration took = outcome.shadowDuration();
      if (took != null && kind.shadowAnswered()) {
        shadow.record(took);
      }
    }
  }
}
