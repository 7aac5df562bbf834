package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Replaces an entity stream that must not be read ahead: passes every read on to it unchanged and
 * reports every byte production reads, its end and its failure to a {@link BodyCapture}. The copy
 * is whole once production has read to the end (or as many bytes as declared); a body production
 * did not read through this stream (for example a form that the servlet container parsed into
 * parameters instead) is never copied at all, and is reported as such.
 *
 * <p>Read by one thread at a time, like the stream it wraps.
 */
final class EntityTee extends InputStream {
  private final InputStream in;
  private final BodyCapture body;

  EntityTee(InputStream in, BodyCapture body) {
    this.in = in;
    this.body = body;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException | RuntimeException e) {
      body.failed(e);
      throw e;
    }
    if (b < 0) {
      body.endOfStream();
    } else {
      body.read(b);
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
      body.failed(e);
      throw e;
    }
    if (n < 0) {
      body.endOfStream();
    } else if (n > 0) {
      body.read(b, off, n);
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
}
