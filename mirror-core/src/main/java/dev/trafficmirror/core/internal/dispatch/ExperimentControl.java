package dev.trafficmirror.core.internal.dispatch;

import dev.trafficmirror.core.TargetState;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.OutcomeListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Which targets take copies: paused and resumed by the application, stopped by their own limits
 * ({@code stop-after}, {@code max-mismatches}). {@link #admits} runs on production threads: a
 * volatile read and, with a duration limit, one clock read; it allocates nothing. Mismatches are
 * counted as a listener, on mirror threads. Thread-safe.
 */
public final class ExperimentControl implements OutcomeListener {
  private final Map<String, Limits> targets = new LinkedHashMap<>();
  private final LongSupplier nanoClock;

  /**
   * Creates the control of the given targets.
   *
   * @param stopAfter each target's {@code stop-after}, or null for none
   * @param maxMismatches each target's {@code max-mismatches}, or 0 for none
   * @param nanoClock the monotonic clock, {@code System::nanoTime} outside tests
   */
  public ExperimentControl(
      Map<String, @Nullable Duration> stopAfter,
      Map<String, Long> maxMismatches,
      LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    stopAfter.forEach(
        (name, after) ->
            targets.put(
                name,
                new Limits(
                    after == null ? 0 : after.toNanos(),
                    maxMismatches.getOrDefault(name, 0L),
                    now)));
  }

  /** Returns whether {@code target} takes copies now; false for an unknown target. */
  public boolean admits(String target) {
    Limits limits = targets.get(target);
    if (limits == null) {
      return false;
    }
    TargetState state = limits.state.get();
    if (state != TargetState.RUNNING) {
      return false;
    }
    if (limits.stopAfterNanos > 0
        && nanoClock.getAsLong() - limits.startedNanos >= limits.stopAfterNanos) {
      limits.state.compareAndSet(TargetState.RUNNING, TargetState.STOPPED_AFTER_DURATION);
      return false;
    }
    return true;
  }

  /** Returns the state of {@code target}, first applying its duration limit. */
  public TargetState state(String target) {
    Limits limits = limits(target);
    admits(target);
    return Objects.requireNonNull(limits.state.get());
  }

  /** Pauses a running target; returns whether it was running. */
  public boolean pause(String target) {
    return limits(target).state.compareAndSet(TargetState.RUNNING, TargetState.PAUSED);
  }

  /**
   * Starts a paused or stopped target again; its limits start over (the mismatch count from zero,
   * {@code stop-after} from now). Returns whether it was not running.
   */
  public boolean resume(String target) {
    Limits limits = limits(target);
    synchronized (limits) {
      if (limits.state.get() == TargetState.RUNNING) {
        return false;
      }
      limits.mismatches.set(0);
      limits.startedNanos = nanoClock.getAsLong();
      limits.state.set(TargetState.RUNNING);
      return true;
    }
  }

  @Override
  public void onOutcome(MirrorOutcome outcome) {
    if (outcome.kind() != OutcomeKind.MISMATCH) {
      return;
    }
    Limits limits = targets.get(outcome.target());
    if (limits != null
        && limits.maxMismatches > 0
        && limits.mismatches.incrementAndGet() >= limits.maxMismatches) {
      limits.state.compareAndSet(TargetState.RUNNING, TargetState.STOPPED_AFTER_MISMATCHES);
    }
  }

  private Limits limits(String target) {
    Limits limits = targets.get(target);
    if (limits == null) {
      throw new IllegalArgumentException(
          "no target named " + target + "; configured: " + targets.keySet());
    }
    return limits;
  }

  private static final class Limits {
    final long stopAfterNanos;
    final long maxMismatches;
    final AtomicLong mismatches = new AtomicLong();
    final AtomicReference<TargetState> state = new AtomicReference<>(TargetState.RUNNING);
    volatile long startedNanos;

    Limits(long stopAfterNanos, long maxMismatches, long startedNanos) {
      this.stopAfterNanos = stopAfterNanos;
      this.maxMismatches = maxMismatches;
      this.startedNanos = startedNanos;
    }
  }
}
