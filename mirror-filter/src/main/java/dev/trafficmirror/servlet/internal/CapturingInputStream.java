package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.BodyCapture;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The container's request stream with every byte production reads copied into a {@link
 * RequestBody}. Reads, readiness and listener callbacks are the container's own; only a copy is
 * taken, after each read succeeded. Bytes the capture itself read ahead ({@link #drainAvailable()})
 * are handed to production before the container's next ones.
 */
final class CapturingInputStream extends ServletInputStream {
  private final ServletInputStream delegate;
  private final BodyCapture body;

  /**
   * Production closed this stream: further reads are the container's business (Tomcat fails them).
   */
  private volatile boolean closedByProduction;

  CapturingInputStream(ServletInputStream delegate, BodyCapture body) {
    this.delegate = delegate;
    this.body = body;
  }

  private boolean replays() {
    return !closedByProduction && body.pending() > 0;
  }

  private boolean ended() {
    return !closedByProduction && body.isEndOfStream();
  }

  @Override
  public int read() throws IOException {
    if (replays()) {
      byte[] one = new byte[1];
      body.replay(one, 0, 1);
      return one[0] & 0xFF;
    }
    if (ended()) {
      return -1;
    }
    int b;
    try {
      b = delegate.read();
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
  public int read(byte[] b) throws IOException {
    return read(b, 0, b.length);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (replays() && len > 0) {
      return body.replay(b, off, len);
    }
    if (ended() && len > 0) {
      return -1;
    }
    int n;
    try {
      n = delegate.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      body.failed(e);
      throw e;
    }
    record(b, off, n);
    return n;
  }

  @Override
  public int readLine(byte[] b, int off, int len) throws IOException {
    if (replays() || ended()) {
      // ServletInputStream's own readLine, over read(): pending bytes first.
      return super.readLine(b, off, len);
    }
    int n;
    try {
      n = delegate.readLine(b, off, len);
    } catch (IOException | RuntimeException e) {
      body.failed(e);
      throw e;
    }
    record(b, off, n);
    return n;
  }

  private void record(byte[] b, int off, int n) {
    if (n < 0) {
      body.endOfStream();
    } else if (n > 0) {
      body.read(b, off, n);
    }
  }

  @Override
  public int available() throws IOException {
    long pending = body.pending();
    return pending > 0 ? (int) Math.min(Integer.MAX_VALUE, pending) : delegate.available();
  }

  @Override
  public boolean isFinished() {
    return body.pending() == 0 && (body.isEndOfStream() || delegate.isFinished());
  }

  @Override
  public boolean isReady() {
    return body.pending() > 0 || delegate.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    body.nonBlocking();
    delegate.setReadListener(
        new ReadListener() {
          @Override
          public void onDataAvailable() throws IOException {
            listener.onDataAvailable();
          }

          @Override
          public void onAllDataRead() throws IOException {
            body.endOfStream();
            if (body.pending() > 0) {
              // Bytes the capture read ahead before production switched to non-blocking reads.
              listener.onDataAvailable();
            }
            if (body.pending() == 0) {
              listener.onAllDataRead();
            }
          }

          @Override
          public void onError(Throwable t) {
            body.failed(t);
            listener.onError(t);
          }
        });
  }

  /**
   * Closes the container's stream. A blocking stream is first read to its end (within the limit),
   * because closing may discard what production left unread and the copy needs all of it.
   */
  @Override
  public void close() throws IOException {
    if (!body.isNonBlocking() && body.wantsMore()) {
      body.drainAvailable(source());
    }
    body.closed();
    closedByProduction = true;
    delegate.close();
  }

  /**
   * Takes what has already arrived of the rest of the body into the capture, never waiting for the
   * client; see {@link BodyCapture#drainAvailable}.
   */
  void drainAvailable() {
    body.drainAvailable(source());
  }

  private BodyCapture.Source source() {
    return new BodyCapture.Source() {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return delegate.read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return delegate.available();
      }

      @Override
      public boolean finished() {
        return delegate.isFinished();
      }
    };
  }
}
