package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.capture.BoundedBuffer;
import dev.trafficmirror.spi.Body;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes every byte on to the container's stream first, and keeps a copy of the first {@code limit}
 * bytes in a {@link BoundedBuffer}. A write that fails downstream is not copied. Not thread-safe,
 * like the stream it wraps.
 */
final class BoundedTee extends OutputStream {
  private final OutputStream out;
  private final BoundedBuffer copy;
  private boolean handedOver;

  BoundedTee(OutputStream out, int limit) {
    this.out = out;
    this.copy = new BoundedBuffer(limit);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    if (!handedOver) {
      copy.write(b);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    if (!handedOver && len > 0) {
      copy.write(b, off, len);
    }
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
    return !copy.overflowed() && !copy.broken();
  }

  /** Returns the copy; copying stops here, so the body never changes afterwards. */
  Body body() {
    handedOver = true;
    return copy.takeBody();
  }
}
