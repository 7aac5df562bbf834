package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Replaces an entity stream that must not be read ahead: passes every read on to it unchanged and
 * keeps a copy of the first {@code limit} bytes production reads. The copy is whole once production
 * has read to the end (or as many bytes as declared); a body production did not read through this
 * stream (for example a form that the servlet container parsed into parameters instead) is never
 * copied at all, and is reported as such.
 *
 * <p>Read by one thread at a time, like the stream it wraps; {@link #skipReason} and {@link #body}
 * may be called from the thread that hands the copy over, after production's response: the counters
 * they read are published through a volatile write after each read.
 */
final class EntityTee extends InputStream {
  private final InputStream in;
  private final int limit;
  private final long declared;
  private byte[] copy;
  private long total;
  private volatile long published;
  private volatile boolean ended;
  private volatile @Nullable Exception failure;

  /**
   * Wraps {@code in}; {@code declared} is the declared length or -1, and is at most {@code limit}.
   */
  EntityTee(InputStream in, int limit, long declared) {
    this.in = in;
    this.limit = limit;
    this.declared = declared;
    this.copy = new byte[(int) Math.min(limit, declared >= 0 ? declared : 1024)];
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
    if (b < 0) {
      ended = true;
    } else {
      if (room(1)) {
        copy[(int) total] = (byte) b;
      }
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
    if (n < 0) {
      ended = true;
    } else if (n > 0) {
      int kept = (int) Math.max(0, Math.min(n, limit - total));
      if (kept > 0 && room(kept)) {
        System.arraycopy(b, off, copy, (int) total, kept);
      }
      count(n);
    }
    return n;
  }

  /** Skips by reading, so that the skipped bytes are copied too. */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean room(int n) {
    long needed = total + n;
    if (needed > limit) {
      return false;
    }
    if (needed > copy.length) {
      copy = Arrays.copyOf(copy, (int) Math.min(limit, Math.max(needed, copy.length * 2L)));
    }
    return true;
  }

  private void count(int n) {
    total += n;
    published = total;
  }

  /**
   * Returns why the body cannot be copied, or null when production read all of it, within the
   * limit, without a failure.
   */
  @Nullable OutcomeKind skipReason() {
    long size = published;
    Exception failed = failure;
    if (failed != null) {
      return failed instanceof IOException ? OutcomeKind.SKIPPED_CLIENT_ABORT : OutcomeKind.SKIPPED_CAPTURE_ERROR;
    }
    if (size > limit) {
      return OutcomeKind.SKIPPED_BODY_TOO_LARGE;
    }
    boolean whole = ended || (declared >= 0 && size == declared);
    // Not read to the end through this stream: read elsewhere, or only in part.
    return whole ? null : OutcomeKind.SKIPPED_CAPTURE_ERROR;
  }

  /** Returns the copy; only when {@link #skipReason()} is null. */
  Body body() {
    int size = (int) published; // the volatile read first: it makes the copied bytes visible
    return Body.wrap(copy, size);
  }
}
