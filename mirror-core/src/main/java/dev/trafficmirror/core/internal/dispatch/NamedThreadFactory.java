package dev.trafficmirror.core.internal.dispatch;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of a base factory named {@code <prefix>-<n>}. With the default base they are daemon
 * threads, so a mirror never keeps a JVM alive; an application's own factory (managed threads of an
 * application server) keeps its threads as it makes them, renamed where it allows.
 */
public final class NamedThreadFactory implements ThreadFactory {
  private static final ThreadFactory DAEMON =
      runnable -> {
        Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        return thread;
      };

  private final String prefix;
  private final ThreadFactory base;
  private final AtomicInteger next = new AtomicInteger(1);

  /** Creates a factory of daemon threads named {@code prefix-1}, {@code prefix-2}, … */
  public NamedThreadFactory(String prefix) {
    this(prefix, DAEMON);
  }

  /** Creates a factory naming the threads of {@code base} {@code prefix-1}, {@code prefix-2}, … */
  public NamedThreadFactory(String prefix, ThreadFactory base) {
    this.prefix = prefix;
    this.base = base;
  }

  /** Returns the default base: daemon threads. */
  public static ThreadFactory daemon() {
    return DAEMON;
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = base.newThread(runnable);
    if (thread == null) {
      throw new IllegalStateException("the thread factory made no thread for " + prefix);
    }
    try {
      thread.setName(prefix + "-" + next.getAndIncrement());
    } catch (SecurityException e) {
      // A managed thread keeps its container's name.
    }
    return thread;
  }
}
