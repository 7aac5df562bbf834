package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.servlet.ServletInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The capture of one request body: the bytes read from the container's stream, bounded by {@code
 * mirror.max-body-bytes}, and what is known about how the reading ended.
 *
 * <p>Bytes come from two readers: production (through {@link CapturingInputStream}) and the capture
 * itself, which {@linkplain #drain reads what production left} while it still can. Bytes the
 * capture read are kept (up to one past the limit, so that it can tell the body is over it) and
 * handed to production first when it reads later: production never loses a byte to the capture.
 *
 * <p>Production may read on one thread and the exchange finish on another: the flags are volatile
 * and the buffer is synchronized.
 */
final class RequestBody {
  private static final int DRAIN_CHUNK = 8192;

  private final BodyBuffer buffer;
  private final int maxBodyBytes;
  private final long contentLength;
  /** Bytes handed to production; fewer than read from the container after a drain. */
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean endOfStream;
  private volatile boolean aborted;
  private volatile boolean nonBlocking;
  private volatile boolean closed;
  private volatile boolean captureFailed;
  /** While the capture reads by itself, what had been read when it started; -1 otherwise. */
  private volatile long drainStart = -1;

  RequestBody(int maxBodyBytes, long contentLength) {
    // One byte past the limit is kept, so that a drain that finds the body over it can still hand
    // every byte it read to production.
    this.buffer = new BodyBuffer(maxBodyBytes + 1, contentLength);
    this.maxBodyBytes = maxBodyBytes;
    this.contentLength = contentLength;
  }

  /** Production read these bytes from the container. */
  void read(byte[] b, int off, int len) {
    buffer.write(b, off, len);
    delivered.addAndGet(len);
  }

  /** Production read this byte from the container. */
  void read(int b) {
    buffer.write(b);
    delivered.incrementAndGet();
  }

  /** Returns how many bytes the capture read that production has not read yet. */
  long pending() {
    return buffer.offered() - delivered.get();
  }

  /** Hands production up to {@code len} of the {@linkplain #pending() pending} bytes. */
  int replay(byte[] b, int off, int len) {
    int n = buffer.read(delivered.get(), b, off, (int) Math.min(len, pending()));
    delivered.addAndGet(n);
    return n;
  }

  boolean isEndOfStream() {
    return endOfStream;
  }

  void endOfStream() {
    endOfStream = true;
  }

  /**
   * The container's stream failed: the client went away or stopped sending mid-body. When the
   * capture's own read fails before it got a byte, the container has rather refused the stream
   * (Tomcat closes it after failing to parse a multipart body): that is no client abort.
   */
  void failed(IOException e) {
    if (closed) {
      return;
    }
    if (drainStart >= 0 && buffer.offered() == drainStart) {
      captureFailed = true;
    } else {
      aborted = true;
    }
  }

  void nonBlocking() {
    nonBlocking = true;
  }

  void closed() {
    closed = true;
  }

  void captureFailed() {
    captureFailed = true;
  }

  boolean isNonBlocking() {
    return nonBlocking;
  }

  /** Returns whether the whole body was seen: end of stream, or as many bytes as announced. */
  boolean complete() {
    return endOfStream || (contentLength >= 0 && buffer.offered() >= contentLength);
  }

  private boolean tooLarge() {
    return buffer.offered() > maxBodyBytes;
  }

  /** Returns whether reading on may change the outcome: not complete, not over the limit, no failure. */
  boolean wantsMore() {
    return !complete() && !aborted && !tooLarge() && !captureFailed;
  }

  /**
   * Reads what production left unread from the container's {@code stream} until the end of the body
   * or one byte past the limit, blocking; the bytes are kept for production to read later. A read
   * failure after some bytes is a client abort (see {@link #failed}).
   */
  void drain(ServletInputStream stream) {
    byte[] chunk = new byte[DRAIN_CHUNK];
    drainStart = buffer.offered();
    try {
      while (wantsMore()) {
        int room = (int) Math.min(chunk.length, maxBodyBytes + 1L - buffer.offered());
        int n = stream.read(chunk, 0, room);
        if (n < 0) {
          endOfStream = true;
          return;
        }
        buffer.write(chunk, 0, n);
      }
    } catch (IOException e) {
      failed(e);
    } finally {
      drainStart = -1;
    }
  }

  /** The body, or why there is none to send. */
  record Result(@Nullable Body body, @Nullable OutcomeKind skip) {
    static Result skip(OutcomeKind kind) {
      return new Result(null, kind);
    }

    static Result of(Body body) {
      return new Result(body, null);
    }
  }

  /**
   * Returns the captured body once production has completed. When the body is not complete it is
   * never sent: the client aborted, it was over the limit, or it could not be read to its end.
   */
  Result result() {
    if (captureFailed || buffer.broken()) {
      return Result.skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
    if (aborted) {
      return Result.skip(OutcomeKind.SKIPPED_CLIENT_ABORT);
    }
    if (tooLarge()) {
      return Result.skip(OutcomeKind.SKIPPED_BODY_TOO_LARGE);
    }
    if (!complete() || (contentLength >= 0 && buffer.offered() != contentLength)) {
      // Unread (async or non-blocking), or consumed where the tee could not see it.
      return Result.skip(OutcomeKind.SKIPPED_CAPTURE_ERROR);
    }
    return Result.of(buffer.takeBody());
  }

  /** Returns an empty, complete capture, for requests that have no body. */
  static Result empty() {
    return Result.of(Body.empty());
  }
}
