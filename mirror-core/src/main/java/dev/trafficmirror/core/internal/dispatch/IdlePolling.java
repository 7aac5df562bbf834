package dev.trafficmirror.core.internal.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a mirror thread waits for work that production threads hand it without waking it: waking a
 * parked thread is a system call that would cost the request more than the rest of the hand-off. An
 * idle thread looks again every millisecond, backing off to every 20 ms after a while of idleness.
 * One instance per thread; not thread-safe.
 */
final class IdlePolling {
  private static final long DEFAULT_BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int PARKS_BEFORE_IDLE = 200;

  private final long busyParkNanos;
  private int idleParks;

  /** Looks every millisecond while there is work about. */
  IdlePolling() {
    this(DEFAULT_BUSY_PARK_NANOS);
  }

  /** Looks every {@code busyParkNanos} while there is work about. */
  IdlePolling(long busyParkNanos) {
    this.busyParkNanos = busyParkNanos;
  }

  /** Notes that the thread found work. */
  void busy() {
    idleParks = 0;
  }

  /** Parks the calling thread until it should look again (or is unparked or interrupted). */
  void idle(Object blocker) {
    LockSupport.parkNanos(blocker, idleParks < PARKS_BEFORE_IDLE ? busyParkNanos : IDLE_PARK_NANOS);
    idleParks++;
  }
}
