package dev.trafficmirror.servlet.internal;

import dev.trafficmirror.core.capture.BoundedBuffer;
import dev.trafficmirror.spi.Body;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * The tee of a response body, bounded by {@code mirror.max-response-bytes}. Bytes written to the
 * output stream are copied as they are; characters written to the writer are encoded here with the
 * writer's charset, as the container encodes them. Thread-safe.
 */
final class ResponseBody {
  private final BoundedBuffer buffer;
  private @Nullable Writer chars;
  private @Nullable Charset charsCharset;

  /** Something reached the client that the tee could not copy exactly. */
  private volatile boolean inexact;

  /**
   * The container wrote the body itself (sendError, sendRedirect): nothing production wrote counts.
   */
  private volatile boolean containerWritten;

  ResponseBody(int maxResponseBytes) {
    this.buffer = new BoundedBuffer(maxResponseBytes);
  }

  void write(int b) {
    if (!containerWritten) {
      buffer.write(b);
    }
  }

  void write(byte[] b, int off, int len) {
    if (!containerWritten) {
      buffer.write(b, off, len);
    }
  }

  /**
   * Copies text that {@code ServletOutputStream.print} wrote. Containers encode it differently
   * (Tomcat as ISO-8859-1, Jetty with the response charset), so only ASCII is copied exactly.
   */
  void printed(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        inexact = true;
        return;
      }
    }
    for (int i = 0; i < text.length(); i++) {
      write(text.charAt(i));
    }
  }

  /** Returns the encoder for characters production writes to the container's writer. */
  synchronized Writer chars(Charset charset) {
    Writer w = chars;
    if (w == null || !charset.equals(charsCharset)) {
      flushChars();
      w =
          new OutputStreamWriter(
              new OutputStream() {
                @Override
                public void write(int b) {
                  ResponseBody.this.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                  ResponseBody.this.write(b, off, len);
                }
              },
              charset);
      chars = w;
      charsCharset = charset;
    }
    return w;
  }

  /** Pushes characters still held by the encoder into the buffer. */
  synchronized void flushChars() {
    Writer w = chars;
    if (w != null) {
      try {
        w.flush();
      } catch (IOException e) {
        // The sink does not throw.
      }
    }
  }

  void markInexact() {
    inexact = true;
  }

  /** The response was reset: what was written before is not sent. */
  synchronized void reset() {
    flushChars();
    buffer.clear();
    inexact = false;
  }

  /** The container takes over the body (error page, redirect). */
  synchronized void containerWritten() {
    reset();
    containerWritten = true;
  }

  /** Returns whether the copy is the exact body the client received, within the limit. */
  boolean complete() {
    return !buffer.overflowed() && !inexact && !containerWritten && !buffer.broken();
  }

  /** Keeps at most {@code length} bytes: the container sends no more than the Content-Length. */
  void truncate(long length) {
    if (length >= 0 && length < Integer.MAX_VALUE) {
      buffer.truncate((int) length);
    }
  }

  synchronized Body take() {
    flushChars();
    return buffer.takeBody();
  }
}
