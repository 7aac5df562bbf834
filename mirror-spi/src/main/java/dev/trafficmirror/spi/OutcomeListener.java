package dev.trafficmirror.spi;

/**
 * Receives every outcome: one per sampled request and target.
 *
 * <p><b>Threads.</b> Called on a mirror thread, never on a production request thread: a target's
 * worker for answers and errors, the mirror's reporter thread for timeouts and for copies that
 * never reached a worker, and the thread calling {@code Mirror.close()} for calls abandoned at
 * shutdown. Calls are concurrent: implementations must be thread-safe and quick; slow work belongs
 * on a queue of the listener's own.
 *
 * <p><b>Memory.</b> Outcomes of copies that were dropped or skipped carry no bodies (the request's
 * body is empty), so that queued reports cannot hold more than the mirror's byte budget allows.
 *
 * <p><b>Errors.</b> Anything thrown is caught and logged (at most once per minute per listener and
 * exception class); it affects neither production nor other listeners.
 */
@FunctionalInterface
public interface OutcomeListener {

  /** Called once for each outcome. */
  void onOutcome(MirrorOutcome outcome);
}
