package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.IOException;
import jakarta.servlet.ServletInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The capture of one request body: the bytes production read (teed by {@link
 * CapturingInputStream}), bounded by {@code mirror.max-body-bytes}, and what is known about how the
 * reading ended. Production may read on one thread and the exchange finish on another: the flags
 * are volatile and the buffer is synchronized.
 */
final class RequestBody {
  private static final int DRAIN_CHUNK = 8192;

  private final BodyBuffer buffer;
  private final long contentLength;
  private volatile boolean endOfStream;
  private volatile boolean aborted;
  private volatile boolean nonBlocking;
  private volatile boolean closed;
  private volatile boolean captureFailed;
  /** While the capture reads by itself, what had been read when it started; -1 otherwise. */
  private volatile long drainStart = -1;

  RequestBody(int maxBodyBytes, long contentLength) {
    this.buffer = new BodyBuffer(maxBodyBytes, contentLength);
    this.contentLength = contentLength;
  }

  void read(byte[] b, int off, int len) {
    buffer.write(b, off, len);
  }

  void read(int b) {
    buffer.write(b);
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

  /** Returns whether reading on may change the outcome: not complete, not over the limit, no failure. */
  boolean wantsMore() {
    return !complete() && !aborted && !buffer.overflowed() && !captureFailed;
  }

  /**
   * Reads what production left unread through {@code stream} (which tees into this capture) until
   * the end of the body or the limit, blocking. Read failures count as a client abort.
   */
  void drain(ServletInputStream stream) {
    byte[] chunk = new byte[DRAIN_CHUNK];
    drainStart = buffer.offered();
    try {
      while (wantsMore()) {
        if (stream.read(chunk, 0, chunk.length) < 0) {
          return;
        }
      }
    } catch (IOException e) {
      // Recorded by the stream (see failed).
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
    if (buffer.overflowed()) {
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
