package dev.trafficmirror.core.internal.dispatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The budget held by one request's copy, shared by all the targets it was offered to: the bytes go
 * back when the last of them lets go. Thread-safe.
 */
public final class CopyLease {
  private static final VarHandle HOLDERS;

  static {
    try {
      HOLDERS = MethodHandles.lookup().findVarHandle(CopyLease.class, "holders", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MemoryBudget budget;
  private final long bytes;

  /** The holders that have not let go yet; a field, not an AtomicInteger: one lease per copy. */
  @SuppressWarnings("UnusedVariable") // Used through HOLDERS only.
  private volatile int holders;

  /**
   * Creates a lease over {@code bytes} already reserved in {@code budget}, held by {@code holders}.
   */
  public CopyLease(MemoryBudget budget, long bytes, int holders) {
    this.budget = budget;
    this.bytes = bytes;
    this.holders = holders;
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
    if ((int) HOLDERS.getAndAdd(this, -1) == 1) {
      budget.release(bytes);
    }
  }
}
