package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.spi.Body;
import java.util.Arrays;

/**
 * A growable byte buffer that keeps at most {@code limit} bytes and remembers whether more were
 * offered. Thread-safe: async servlets write from threads other than the one that finishes.
 */
final class BodyBuffer {
  private static final byte[] EMPTY = new byte[0];
  private static final int FIRST_CHUNK = 1024;

  private final int limit;
  private byte[] bytes;
  private int count;
  private long offered;
  private boolean broken;

  /**
   * Creates a buffer keeping up to {@code limit} bytes, sized for {@code expected} bytes when that
   * is known (non-negative and within the limit).
   */
  BodyBuffer(int limit, long expected) {
    this.limit = limit;
    this.bytes = expected > 0 && expected <= limit ? new byte[(int) expected] : EMPTY;
  }

  /**
   * Appends what fits under the limit and counts the rest as overflow. Never throws: a failure
   * marks the buffer {@linkplain #broken() broken}, because production must not see it.
   */
  synchronized void write(byte[] b, int off, int len) {
    try {
      offered += len;
      int n = Math.min(limit - count, len);
      if (n > 0) {
        ensureCapacity(count + n);
        System.arraycopy(b, off, bytes, count, n);
        count += n;
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Appends one byte if it fits; never throws (see {@link #write(byte[], int, int)}). */
  synchronized void write(int b) {
    try {
      offered++;
      if (count < limit) {
        ensureCapacity(count + 1);
        bytes[count++] = (byte) b;
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(RuntimeException e) {
    if (!broken) {
      broken = true;
      CaptureFailures.log("body buffer", e);
    }
  }

  /** Returns whether a write failed, so that the capture is not to be trusted. */
  synchronized boolean broken() {
    return broken;
  }

  private void ensureCapacity(int needed) {
    if (needed > bytes.length) {
      int grown = Math.max(FIRST_CHUNK, bytes.length * 2);
      bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(grown, (long) needed)));
    }
  }

  /** Returns whether more bytes were offered than the limit allows. */
  synchronized boolean overflowed() {
    return offered > limit;
  }

  /** Returns how many bytes were offered in all, kept or not. */
  synchronized long offered() {
    return offered;
  }

  /** Returns how many bytes are kept. */
  synchronized int size() {
    return count;
  }

  /** Forgets everything, as after a response reset. */
  synchronized void clear() {
    count = 0;
    offered = 0;
  }

  /** Keeps only the first {@code length} bytes. */
  synchronized void truncate(int length) {
    if (length < count) {
      count = length;
    }
  }

  /**
   * Copies up to {@code len} kept bytes from position {@code from} into {@code b}; returns how many,
   * 0 when none are kept there.
   */
  synchronized int read(long from, byte[] b, int off, int len) {
    int n = (int) Math.max(0, Math.min(len, count - from));
    if (n > 0) {
      System.arraycopy(bytes, (int) from, b, off, n);
    }
    return n;
  }

  /**
   * Returns the kept bytes as a body. The buffer hands its array over and starts empty, so it
   * must not be used to build a second body of the same bytes.
   */
  synchronized Body takeBody() {
    if (count == 0) {
      return Body.empty();
    }
    // Wasted capacity stays allocated for as long as the copy is queued: trim when it is large.
    byte[] owned = bytes.length - count > bytes.length / 4 ? Arrays.copyOf(bytes, count) : bytes;
    Body body = Body.wrap(owned, count);
    bytes = EMPTY;
    count = 0;
    return body;
  }
}
