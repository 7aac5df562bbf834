package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gives back the bytes a {@link BodyCapture} read ahead from an entity stream, then the rest of
 * that stream, so that the resource reads exactly what it would have read. When reading ahead
 * failed, the failure is thrown again after the bytes read before it. Closing closes the original
 * stream. No mark/reset. Not thread-safe, like the stream it replaces.
 */
final class ReplayInputStream extends InputStream {
  private final BodyCapture body;
  private final InputStream rest;
  private final @Nullable Exception failure;

  ReplayInputStream(BodyCapture body, InputStream rest, @Nullable Exception failure) {
    this.body = body;
    this.rest = rest;
    this.failure = failure;
  }

  @Override
  public int read() throws IOException {
    if (body.pending() > 0) {
      byte[] one = new byte[1];
      if (body.replay(one, 0, 1) == 1) {
        return one[0] & 0xff;
      }
    }
    throwFailure();
    return rest.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (body.pending() > 0) {
      // None when the copy was handed over already: the rest of the stream then.
      int n = body.replay(b, off, len);
      if (n > 0) {
        return n;
      }
    }
    throwFailure();
    return rest.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long pending = body.pending();
    if (pending > 0) {
      byte[] scratch = new byte[(int) Math.min(Math.min(n, pending), 8192)];
      return body.replay(scratch, 0, scratch.length);
    }
    throwFailure();
    return rest.skip(n);
  }

  @Override
  public int available() throws IOException {
    long pending = body.pending();
    if (pending > 0) {
      return (int) Math.min(Integer.MAX_VALUE, pending);
    }
    return failure == null ? rest.available() : 0;
  }

  @Override
  public void close() throws IOException {
    rest.close();
  }

  private void throwFailure() throws IOException {
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
  }
}
