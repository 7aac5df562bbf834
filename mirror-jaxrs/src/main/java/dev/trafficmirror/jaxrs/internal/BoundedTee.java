package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.spi.Body;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Passes every byte on to the container's stream first, and keeps a copy of the first
 * {@code limit} bytes. A write that fails downstream is not copied. Not thread-safe, like the
 * stream it wraps.
 */
final class BoundedTee extends OutputStream {
  private final OutputStream out;
  private final int limit;
  private byte[] copy;
  private int size;
  private boolean overflow;
  private boolean handedOver;

  BoundedTee(OutputStream out, int limit) {
    this.out = out;
    this.limit = limit;
    this.copy = new byte[Math.min(limit, 1024)];
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    if (handedOver) {
      return;
    }
    if (!room(1)) {
      overflow = true;
      return;
    }
    copy[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    if (handedOver || len <= 0) {
      return;
    }
    int n = Math.min(len, limit - size);
    if (n < len) {
      overflow = true;
    }
    if (n > 0 && room(n)) {
      System.arraycopy(b, off, copy, size, n);
      size += n;
    }
  }

  private boolean room(int n) {
    long needed = (long) size + n;
    if (needed > limit) {
      return false;
    }
    if (needed > copy.length) {
      copy = Arrays.copyOf(copy, (int) Math.min(limit, Math.max(needed, copy.length * 2L)));
    }
    return true;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Returns whether every byte written so far was copied. */
  boolean complete() {
    return !overflow;
  }

  /** Returns the copy; copying stops here, so the body never changes afterwards. */
  Body body() {
    handedOver = true;
    return Body.wrap(copy, size);
  }
}
