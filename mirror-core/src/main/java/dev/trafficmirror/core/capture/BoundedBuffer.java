package dev.trafficmirror.core.capture;

import dev.trafficmirror.spi.Body;
import java.util.Arrays;

/**
 * A growable byte buffer that keeps at most {@code limit} bytes and counts every byte offered, so
 * that it can tell a copy over its limit. It grows with the bytes that arrive, never with a
 * declared length alone. Never throws on writes: a failure marks it {@linkplain #broken() broken},
 * because the production code writing through it must not see it.
 *
 * <p>Thread-safe: async servlets write from threads other than the one that hands the copy over.
 */
public final class BoundedBuffer {
  private static final byte[] EMPTY = new byte[0];
  private static final int FIRST_CHUNK = 1024;

  private final int limit;
  private byte[] bytes = EMPTY;
  private int count;
  private long offered;
  private boolean broken;

  /**
   * Creates a buffer keeping up to {@code limit} bytes.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  public BoundedBuffer(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " < 0");
    }
    this.limit = limit;
  }

  /** Appends what fits under the limit and counts the rest as overflow. */
  public synchronized void write(byte[] b, int off, int len) {
    try {
      offered += len;
      int n = Math.min(limit - count, len);
      if (n > 0) {
        ensureCapacity(count + n);
        System.arraycopy(b, off, bytes, count, n);
        count += n;
      }
    } catch (RuntimeException e) {
      broken = true;
    }
  }

  /** Appends one byte if it fits, and counts it. */
  public synchronized void write(int b) {
    try {
      offered++;
      if (count < limit) {
        ensureCapacity(count + 1);
        bytes[count++] = (byte) b;
      }
    } catch (RuntimeException e) {
      broken = true;
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > bytes.length) {
      int grown = Math.max(FIRST_CHUNK, bytes.length * 2);
      bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(grown, (long) needed)));
    }
  }

  /** Returns whether a write failed, so that the copy is not to be trusted. */
  public synchronized boolean broken() {
    return broken;
  }

  /** Returns whether more bytes were offered than the limit allows. */
  public synchronized boolean overflowed() {
    return offered > limit;
  }

  /** Returns how many bytes were offered in all, kept or not. */
  public synchronized long offered() {
    return offered;
  }

  /** Returns how many bytes are kept. */
  public synchronized int size() {
    return count;
  }

  /** Forgets everything, as after a response reset. */
  public synchronized void clear() {
    count = 0;
    offered = 0;
  }

  /** Keeps only the first {@code length} bytes. */
  public synchronized void truncate(int length) {
    if (length < count) {
      count = length;
    }
  }

  /**
   * Copies up to {@code len} kept bytes from position {@code from} into {@code b}; returns how
   * many, 0 when none are kept there.
   */
  public synchronized int read(long from, byte[] b, int off, int len) {
    int n = (int) Math.max(0, Math.min(len, count - from));
    if (n > 0) {
      System.arraycopy(bytes, (int) from, b, off, n);
    }
    return n;
  }

  /**
   * Returns the kept bytes as a body and starts empty: the body owns the array, so the buffer must
   * not be used to build a second body of the same bytes.
   */
  public synchronized Body takeBody() {
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
