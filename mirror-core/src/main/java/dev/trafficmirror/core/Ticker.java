package dev.trafficmirror.core;

/**
 * A source of nanosecond time for deadlines, back-off pauses, experiment limits and durations, as
 * {@link System#nanoTime()} gives it: only differences between two readings mean anything. Tests
 * give a {@link Mirror} a fake one ({@link Mirror.Builder#ticker}) to move time by hand.
 * Implementations must be thread-safe and cheap: the engine reads it for every copy.
 */
@FunctionalInterface
public interface Ticker {
  /** Returns the current reading, in nanoseconds. */
  long read();

  /** Returns the ticker of {@link System#nanoTime()}, the default. */
  static Ticker system() {
    return System::nanoTime;
  }
}
