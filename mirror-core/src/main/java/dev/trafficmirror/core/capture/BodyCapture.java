package dev.trafficmirror.core.capture;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.OutcomeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The capture of one request body: the bytes read from the web API's stream, bounded by {@code
 * mirror.max-body-bytes}, what is known about how the reading ended, and the one mapping of that to
 * a skip reason ({@link #result()}).
 *
 * <p>Bytes come from two readers: production (reporting each read with {@link #read}) and the
 * capture itself, which {@linkplain #drain reads ahead} or {@linkplain #drainAvailable takes what
 * has already arrived}. Bytes the capture read are kept (up to one past the limit, so that it can
 * tell the body is over it) and are to be {@linkplain #replay replayed} to production before the
 * stream's next ones: production never loses a byte to the capture.
 *
 * <p>Thread-safe: production may read on one thread and the copy be handed over on another.
 */
public final class BodyCapture {
  private static final int DRAIN_CHUNK = 8192;

  /** The stream the capture reads from by itself. */
  public interface Source {
    /** Reads like {@link InputStream#read(byte[], int, int)}. */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Returns how many bytes can be read without blocking, like {@link InputStream#available()}.
     */
    int available() throws IOException;

    /**
     * Returns whether the stream is known to be at its end without reading (a chunked body's last
     * chunk has arrived); false when unknown. Servers report 0 bytes available at the end.
     */
    default boolean finished() {
      return false;
    }
  }

  /** The body, or why there is none to send. Exactly one of the two is non-null. */
  public record Result(@Nullable Body body, @Nullable OutcomeKind skip) {
    /** Returns the result of a body that is not sent, for {@code kind}. */
    public static Result skip(OutcomeKind kind) {
      return new Result(null, kind);
    }

    /** Returns the result of a whole body. */
    public static Result of(Body body) {
      return new Result(body, null);
    }
  }

  private final BoundedBuffer buffer;
  private final int maxBodyBytes;
  private final long declaredLength;

  /** Bytes handed to production; fewer than read from the stream after a drain. */
  private final AtomicLong delivered = new AtomicLong();

  private volatile boolean endOfStream;
  private volatile @Nullable OutcomeKind failure;
  private volatile boolean nonBlocking;
  private volatile boolean closed;
  private volatile boolean unread;

  /** While the capture reads by itself, what had been read when it started; -1 otherwise. */
  private volatile long drainStart = -1;

  /**
   * Creates the capture of a body of {@code declaredLength} bytes (-1 when unknown), kept up to
   * {@code maxBodyBytes}.
   */
  public BodyCapture(int maxBodyBytes, long declaredLength) {
    // One byte past the limit is kept, so that a drain that finds the body over it can still hand
    // every byte it read to production.
    this.buffer = new BoundedBuffer(maxBodyBytes + 1);
    this.maxBodyBytes = maxBodyBytes;
    this.declaredLength = declaredLength;
  }

  /** Production read these bytes from the stream. */
  public void read(byte[] b, int off, int len) {
    buffer.write(b, off, len);
    delivered.addAndGet(len);
  }

  /** Production read this byte from the stream. */
  public void read(int b) {
    buffer.write(b);
    delivered.incrementAndGet();
  }

  /** Returns how many bytes the capture read that production has not read yet. */
  public long pending() {
    return buffer.offered() - delivered.get();
  }

  /**
   * Hands production up to {@code len} of the {@linkplain #pending() pending} bytes; returns how
   * many.
   */
  public int replay(byte[] b, int off, int len) {
    int n = buffer.read(delivered.get(), b, off, (int) Math.min(len, pending()));
    delivered.addAndGet(n);
    return n;
  }

  /** Returns whether the stream reported its end. */
  public boolean isEndOfStream() {
    return endOfStream;
  }

  /** The stream reported its end. */
  public void endOfStream() {
    endOfStream = true;
  }

  /**
   * The stream failed with {@code t}, as production or the capture read it. When the capture's own
   * read of what production left ({@link #drainAvailable}) fails before it got a byte, the web API
   * has rather refused the stream (Tomcat closes it after failing to parse a multipart body): that
   * is a capture error. Otherwise it is a malformed body ({@link #isMalformed}), a client abort
   * (any other {@link IOException}), or a capture error.
   */
  public void failed(Throwable t) {
    if (closed || failure != null) {
      return;
    }
    if (drainStart >= 0 && buffer.offered() == drainStart) {
      failure = OutcomeKind.SKIPPED_CAPTURE_ERROR;
    } else if (isMalformed(t)) {
      failure = OutcomeKind.SKIPPED_MALFORMED_BODY;
    } else {
      failure =
          t instanceof IOException
              ? OutcomeKind.SKIPPED_CLIENT_ABORT
              : OutcomeKind.SKIPPED_CAPTURE_ERROR;
    }
  }

  /**
   * Returns whether {@code t} says the body broke the framing rules (a bad chunk, more or less than
   * a length allows) rather than the connection failing: the servers' own exceptions for a bad
   * request, Jetty's {@code BadMessageException} and Tomcat's {@code BadRequestException}, anywhere
   * in the causes.
   */
  public static boolean isMalformed(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 8; c = c.getCause(), depth++) {
      String name = c.getClass().getSimpleName();
      if (name.equals("BadMessageException") || name.equals("BadRequestException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Production reads without blocking ({@code ReadListener}): the capture never reads by itself.
   */
  public void nonBlocking() {
    nonBlocking = true;
  }

  /** Returns whether production reads without blocking. */
  public boolean isNonBlocking() {
    return nonBlocking;
  }

  /** Production closed the stream: failures after that are not the client's. */
  public void closed() {
    closed = true;
  }

  /** The capture could not follow the body (read where it cannot see, or a failure of its own). */
  public void captureFailed() {
    if (failure == null) {
      failure = OutcomeKind.SKIPPED_CAPTURE_ERROR;
    }
  }

  /** Returns whether the whole body was seen: end of stream, or as many bytes as declared. */
  public boolean complete() {
    return endOfStream || (declaredLength >= 0 && buffer.offered() >= declaredLength);
  }

  private boolean tooLarge() {
    return buffer.offered() > maxBodyBytes;
  }

  /**
   * Returns whether reading on may change the result: not complete, not over the limit, no failure.
   */
  public boolean wantsMore() {
    return !complete() && !tooLarge() && failure == null;
  }

  /**
   * Reads what production left unread from {@code source} until the end of the body or one byte
   * past the limit, blocking; the bytes are kept for production to read later. Only where no one
   * waits on it: production's answer must never wait for bytes a client has not sent.
   *
   * @return the failure that ended the reading, to be thrown to production after the bytes read
   *     before it, or null
   */
  public @Nullable Exception drain(Source source) {
    return drain(source, true);
  }

  /**
   * Takes from {@code source} only what has already arrived ({@link Source#available()}), until the
   * end of the body or one byte past the limit, never waiting for the client. When the body is
   * still incomplete after that, the copy is skipped as {@code SKIPPED_BODY_UNREAD}.
   */
  public void drainAvailable(Source source) {
    drain(source, false);
    if (wantsMore()) {
      unread = true;
    }
  }

  private @Nullable Exception drain(Source source, boolean blocking) {
    byte[] chunk = new byte[DRAIN_CHUNK];
    // Reading ahead (blocking) comes before production: a failure there is the client's.
    drainStart = blocking ? -1 : buffer.offered();
    try {
      while (wantsMore()) {
        int room = (int) Math.min(chunk.length, maxBodyBytes + 1L - buffer.offered());
        if (!blocking) {
          int available = source.available();
          if (available <= 0) {
            if (source.finished()) {
              endOfStream = true;
            }
            return null;
          }
          room = Math.min(room, available);
        }
        int n = source.read(chunk, 0, room);
        if (n < 0) {
          endOfStream = true;
          return null;
        }
        buffer.write(chunk, 0, n);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      failed(e);
      return e;
    } finally {
      drainStart = -1;
    }
  }

  /**
   * Returns the captured body once production has completed. A body that is not whole is never
   * sent: it was malformed, the client aborted, it was over the limit, production left it unread
   * while the client had not sent it, or it could not be read to its end.
   */
  public Result result() {
    OutcomeKind skip = skipReason();
    return skip != null ? Result.skip(skip) : Result.of(buffer.takeBody());
  }

  /** Returns why the body would not be sent if production completed now, or null; takes nothing. */
  public @Nullable OutcomeKind skipReason() {
    OutcomeKind failed = failure;
    if (failed != null || buffer.broken()) {
      return failed != null ? failed : OutcomeKind.SKIPPED_CAPTURE_ERROR;
    }
    if (tooLarge()) {
      return OutcomeKind.SKIPPED_BODY_TOO_LARGE;
    }
    if (!complete() || (declaredLength >= 0 && buffer.offered() != declaredLength)) {
      // Not arrived in time, or consumed where the capture could not see it.
      return unread ? OutcomeKind.SKIPPED_BODY_UNREAD : OutcomeKind.SKIPPED_CAPTURE_ERROR;
    }
    return null;
  }

  /** Returns an empty, whole body, for requests that have none. */
  public static Result empty() {
    return Result.of(Body.empty());
  }
}
