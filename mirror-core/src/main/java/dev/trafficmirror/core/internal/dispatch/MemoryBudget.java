package dev.trafficmirror.core.internal.dispatch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one byte budget that bounds every copy held at once, queued or in flight, for all targets.
 * Thread-safe and lock-free.
 */
public final class MemoryBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** Creates a budget of {@code limit} bytes. */
  public MemoryBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes} if they fit; returns whether they did. */
  public boolean tryReserve(long bytes) {
    long current;
    do {
      current = used.get();
      if (current + bytes > limit) {
        return false;
      }
    } while (!used.compareAndSet(current, current + bytes));
    return true;
  }

  /** Returns {@code bytes} reserved earlier. */
  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Returns the bytes reserved now. */
  public long used() {
    return used.get();
  }

  /** Returns the budget in bytes. */
  public long limit() {
    return limit;
  }
}
