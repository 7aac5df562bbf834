package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.CapturedHeaders;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ProductionResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The response production writes while it is mirrored. Every call goes to the container; the body
 * production writes is teed into a bounded {@link ResponseBody}, and {@code reset}, {@code
 * sendError} and {@code sendRedirect} keep the tee in step with what the client will get. Status
 * and headers are read back from the container when production has completed.
 *
 * <p>Used by one thread at a time, as servlet responses are; the tee itself is thread-safe.
 */
final class CapturingResponse extends HttpServletResponseWrapper {
  /**
   * Framing headers that say how bytes travelled, not what the answer was. Held as headers so that
   * names compare exactly as {@link Headers} compares them (equalsIgnoreCase would also match, for
   * example, a long s for an s), without lower-casing each name.
   */
  private static final Headers FRAMING =
      Headers.builder()
          .add("Transfer-Encoding", "")
          .add("Connection", "")
          .add("Keep-Alive", "")
          .build();

  private final ResponseBody body;
  private final Runnable beforeClose;

  /**
   * The Content-Length production declared, or -1; the container closes the response when it is
   * reached.
   */
  private volatile long declaredLength = -1;

  /** Bytes production wrote, counting a character as up to four bytes. */
  private final AtomicLong written = new AtomicLong();

  private @Nullable ServletOutputStream containerStream;
  private @Nullable CapturingOutputStream stream;
  private @Nullable PrintWriter containerWriter;
  private @Nullable CapturingWriter writer;

  /**
   * Production called {@code sendError}: the container answers, with an error page or its own body.
   */
  private volatile boolean errorSent;

  /**
   * Wraps {@code response}; {@code beforeClose} runs before anything that may close the response
   * (Tomcat then closes the request's input too, so the rest of the request body must be read
   * first).
   */
  CapturingResponse(HttpServletResponse response, int maxResponseBytes, Runnable beforeClose) {
    super(response);
    this.body = new ResponseBody(maxResponseBytes);
    this.beforeClose = beforeClose;
  }

  /**
   * Called before production writes up to {@code bytes} more bytes: when they may reach the
   * declared Content-Length, the container closes the response after them.
   */
  void beforeWrite(long bytes) {
    long declared = declaredLength;
    if (declared >= 0 && written.addAndGet(bytes) >= declared) {
      beforeClose.run();
    } else if (declared < 0) {
      written.addAndGet(bytes);
    }
  }

  /** Called before production closes the response's stream or writer. */
  void beforeClose() {
    beforeClose.run();
  }

  @Override
  public void setContentLength(int len) {
    super.setContentLength(len);
    declaredLength = len;
  }

  @Override
  public void setContentLengthLong(long len) {
    super.setContentLengthLong(len);
    declaredLength = len;
  }

  @Override
  public void setHeader(String name, String value) {
    super.setHeader(name, value);
    noteLength(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    super.addHeader(name, value);
    noteLength(name, value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    super.setIntHeader(name, value);
    noteLength(name, String.valueOf(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    super.addIntHeader(name, value);
    noteLength(name, String.valueOf(value));
  }

  private void noteLength(@Nullable String name, @Nullable String value) {
    if ("Content-Length".equalsIgnoreCase(name)) {
      try {
        declaredLength = value == null ? -1 : Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        declaredLength = -1;
      }
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream s = super.getOutputStream();
    CapturingOutputStream capturing = stream;
    if (s != containerStream || capturing == null) {
      containerStream = s;
      capturing = new CapturingOutputStream(s, body, this);
      stream = capturing;
    }
    return capturing;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    PrintWriter w = super.getWriter();
    CapturingWriter capturing = writer;
    if (w != containerWriter || capturing == null) {
      containerWriter = w;
      // The container has fixed the writer's charset by now; it is what getCharacterEncoding says.
      capturing = new CapturingWriter(w, body.chars(writerCharset()), body, getLocale(), this);
      writer = capturing;
    }
    return capturing;
  }

  private Charset writerCharset() {
    String encoding = getCharacterEncoding();
    try {
      return encoding == null ? StandardCharsets.ISO_8859_1 : FormRules.charsetNamed(encoding);
    } catch (UnsupportedEncodingException e) {
      body.markInexact();
      return StandardCharsets.ISO_8859_1;
    }
  }

  @Override
  public void reset() {
    super.reset();
    body.reset();
    declaredLength = -1;
    written.set(0);
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    body.reset();
    written.set(0);
  }

  /** The container writes the response after production's part (an async timeout or error). */
  void containerWrites() {
    body.containerWritten();
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    super.sendError(sc, msg);
    errorSent = true;
    body.containerWritten();
  }

  @Override
  public void sendError(int sc) throws IOException {
    super.sendError(sc);
    errorSent = true;
    body.containerWritten();
  }

  /** Returns whether production answered through {@code sendError}. */
  boolean errorSent() {
    return errorSent;
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    super.sendRedirect(location);
    body.containerWritten();
  }

  /**
   * Returns what production answered, read back from the container after production completed.
   *
   * @param thrown what production threw, or null
   * @param head whether the request was a HEAD request, whose body the container does not send
   */
  ProductionResponse production(@Nullable Throwable thrown, Duration duration, boolean head) {
    boolean committed = isCommitted();
    // An exception before commit becomes the container's error response: a 500 and its own body.
    boolean containerAnswers = thrown != null && !committed;
    ProductionResponse.Builder builder =
        ProductionResponse.builder(containerAnswers ? 500 : getStatus())
            .headers(headers())
            .duration(duration)
            .exceptionClass(thrown == null ? null : thrown.getClass().getName());
    if (containerAnswers) {
      return builder.body(Body.empty()).bodyComplete(false).build();
    }
    if (head) {
      return builder.body(Body.empty()).bodyComplete(true).build();
    }
    String length = getHeader("Content-Length");
    if (length != null) {
      try {
        body.truncate(Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        body.markInexact();
      }
    }
    boolean complete = body.complete();
    return builder.body(body.take()).bodyComplete(complete).build();
  }

  private Headers headers() {
    // Tomcat names a header once per value; the copy takes all of them at its first name.
    Headers headers =
        CapturedHeaders.of(
            getHeaderNames().iterator(),
            name -> FRAMING.contains(name) ? null : getHeaders(name).iterator());
    String contentType = getContentType();
    if (!headers.contains("Content-Type") && contentType != null) {
      return headers.toBuilder().add("Content-Type", contentType).build();
    }
    return headers;
  }
}
