package dev.trafficmirror.jaxrs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gives back bytes read ahead from an entity stream, then the rest of that stream, so that the
 * resource reads exactly what it would have read. When reading ahead failed, the failure is thrown
 * again after the bytes read before it. Closing closes the original stream. No mark/reset. Not
 * thread-safe, like the stream it replaces.
 */
final class ReplayInputStream extends InputStream {
  private final byte[] bytes;
  private final int size;
  private final InputStream rest;
  private final @Nullable Exception failure;
  private int position;

  ReplayInputStream(byte[] bytes, int size, InputStream rest, @Nullable Exception failure) {
    this.bytes = bytes;
    this.size = size;
    this.rest = rest;
    this.failure = failure;
  }

  @Override
  public int read() throws IOException {
    if (position < size) {
      return bytes[position++] & 0xff;
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
    if (position < size) {
      int n = Math.min(len, size - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
    throwFailure();
    return rest.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    if (position < size) {
      int skipped = (int) Math.min(n, size - position);
      position += skipped;
      return skipped;
    }
    throwFailure();
    return rest.skip(n);
  }

  @Override
  public int available() throws IOException {
    if (position < size) {
      return size - position;
    }
    return failure == null ? rest.available() : 0;
  }

  @Override
  public void close() throws IOException {
    position = size;
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
