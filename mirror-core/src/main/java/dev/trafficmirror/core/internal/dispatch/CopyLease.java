package dev.trafficmirror.core.internal.dispatch;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The budget held by one request's copy, shared by all the targets it was offered to: the bytes go
 * back when the last of them lets go. Thread-safe.
 */
public final class CopyLease {
  private final MemoryBudget budget;
  private final long bytes;
  private final AtomicInteger holders;

  /**
   * Creates a lease over {@code bytes} already reserved in {@code budget}, held by {@code holders}.
   */
  public CopyLease(MemoryBudget budget, long bytes, int holders) {
    this.budget = budget;
    this.bytes = bytes;
    this.holders = new AtomicInteger(holders);
  }

  /**
   * Reserves {@code extra} more bytes in the budget for a while (a shadow's answer being compared);
   * returns whether they fit. Each successful call is followed by {@link #letGo}.
   */
  public boolean tryHold(long extra) {
    return budget.tryReserve(extra);
  }

  /** Returns {@code extra} bytes reserved by {@link #tryHold}. */
  public void letGo(long extra) {
    budget.release(extra);
  }

  /** Lets go of one holder's share; each holder calls this exactly once. */
  public void release() {
    if (holders.decrementAndGet() == 0) {
      budget.release(bytes);
    }
  }
}
