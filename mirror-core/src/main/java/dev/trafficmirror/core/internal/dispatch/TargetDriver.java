package dev.trafficmirror.core.internal.dispatch;

/**
 * The I/O of an asynchronous target, turned by the target's own mirror thread instead of a thread
 * of the client's: the thread that starts a call also reads its answer, completing the stage, and
 * then compares and reports it, with no hand-off between threads and no wake-up of its own. The
 * http target's event loop is one.
 */
@FunctionalInterface
public interface TargetDriver {
  /**
   * Does the I/O that is ready without blocking: writes the calls started since the last turn and
   * reads the answers that have arrived, completing their stages on the calling thread. Called by
   * one thread at a time, often (every millisecond while calls are in flight). Never throws: a
   * failure is the driver's to log, and calls it leaves unanswered end at their deadline.
   */
  void drive();
}
