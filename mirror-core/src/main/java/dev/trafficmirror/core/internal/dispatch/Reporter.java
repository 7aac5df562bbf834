package dev.trafficmirror.core.internal.dispatch;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that reports outcomes decided off the workers (drops and skips on production
 * threads, deadlines on the timer) to the spans and the listeners. Handing over never blocks and
 * never wakes the thread: it {@linkplain IdlePolling polls}. Thread-safe.
 */
final class Reporter {
  private final ArrayBlockingQueue<Runnable> queue;
  private final Thread thread;
  private final RateLimitedLog log;
  private volatile boolean closing;

  Reporter(int capacity, RateLimitedLog log, ThreadFactory threads) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.log = log;
    this.thread = new NamedThreadFactory("mirror-reporter", threads).newThread(this::work);
    thread.start();
  }

  /** Queues {@code report}; returns false, having run nothing, when the queue is full or closed. */
  boolean offer(Runnable report) {
    if (closing || !queue.offer(report)) {
      return false;
    }
    if (closing && queue.remove(report)) {
      // Raced with close: the report is not run, and the caller learns so.
      return false;
    }
    return true;
  }

  private void work() {
    IdlePolling polling = new IdlePolling();
    while (true) {
      Runnable report = queue.poll();
      if (report != null) {
        polling.busy();
        try {
          report.run();
        } catch (RuntimeException e) {
          // Reports guard user code themselves; this only keeps the reporter alive.
          log.warn("reporter:run", "Unexpected failure reporting an outcome", e);
        }
      } else if (closing) {
        return;
      } else {
        polling.idle(this);
      }
    }
  }

  /**
   * Stops taking reports and lets the thread run what it holds, up to {@code timeout}; returns how
   * many reports were left unrun.
   */
  int close(Duration timeout) {
    closing = true;
    LockSupport.unpark(thread);
    try {
      TimeUnit.NANOSECONDS.timedJoin(thread, timeout.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      return 0;
    }
    int left = queue.size();
    queue.clear();
    thread.interrupt();
    return left;
  }
}
