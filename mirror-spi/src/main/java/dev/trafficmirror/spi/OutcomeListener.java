package dev.trafficmirror.spi;

/**
 * Receives every outcome: one per sampled request and target.
 *
 * <p><b>Threads.</b> Called on a mirror thread (a target's worker, the deadline timer, or the
 * mirror's reporter thread for requests that never reached a worker), never on a production
 * request thread, and concurrently: implementations must be thread-safe and quick; slow work
 * belongs on a queue of the listener's own.
 *
 * <p><b>Errors.</b> Anything thrown is caught and logged (at most once per minute per listener
 * and exception class); it affects neither production nor other listeners.
 */
@FunctionalInterface
public interface OutcomeListener {

  /** Called once for each outcome. */
  void onOutcome(MirrorOutcome outcome);
}
