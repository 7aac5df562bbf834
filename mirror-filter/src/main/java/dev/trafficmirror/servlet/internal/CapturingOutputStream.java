package dev.trafficmirror.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The container's response stream with every byte production writes copied into a {@link
 * ResponseBody} after the container accepted it. Buffering, flushing, commit and readiness are the
 * container's own; {@code print} methods are the container's too (their encoding differs between
 * containers).
 */
final class CapturingOutputStream extends ServletOutputStream {
  private static final String CRLF = "\r\n";

  /**
   * {@code print} encodes a character as up to this many bytes (Jetty uses the response charset).
   */
  private static final int MAX_BYTES_PER_CHAR = 4;

  private final ServletOutputStream delegate;
  private final ResponseBody body;
  private final CapturingResponse response;

  CapturingOutputStream(
      ServletOutputStream delegate, ResponseBody body, CapturingResponse response) {
    this.delegate = delegate;
    this.body = body;
    this.response = response;
  }

  private void beforePrint(String s) {
    response.beforeWrite((long) s.length() * MAX_BYTES_PER_CHAR);
  }

  @Override
  public void write(int b) throws IOException {
    response.beforeWrite(1);
    delegate.write(b);
    body.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    response.beforeWrite(b.length);
    delegate.write(b);
    body.write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    response.beforeWrite(len);
    delegate.write(b, off, len);
    body.write(b, off, len);
  }

  @Override
  public void print(String s) throws IOException {
    beforePrint(String.valueOf(s));
    delegate.print(s);
    body.printed(String.valueOf(s));
  }

  @Override
  public void print(boolean b) throws IOException {
    beforePrint(String.valueOf(b));
    delegate.print(b);
    body.printed(String.valueOf(b));
  }

  @Override
  public void print(char c) throws IOException {
    beforePrint(String.valueOf(c));
    delegate.print(c);
    body.printed(String.valueOf(c));
  }

  @Override
  public void print(int i) throws IOException {
    beforePrint(String.valueOf(i));
    delegate.print(i);
    body.printed(String.valueOf(i));
  }

  @Override
  public void print(long l) throws IOException {
    beforePrint(String.valueOf(l));
    delegate.print(l);
    body.printed(String.valueOf(l));
  }

  @Override
  public void print(float f) throws IOException {
    beforePrint(String.valueOf(f));
    delegate.print(f);
    body.printed(String.valueOf(f));
  }

  @Override
  public void print(double d) throws IOException {
    beforePrint(String.valueOf(d));
    delegate.print(d);
    body.printed(String.valueOf(d));
  }

  @Override
  public void println() throws IOException {
    beforePrint(CRLF);
    delegate.println();
    body.printed(CRLF);
  }

  @Override
  public void println(String s) throws IOException {
    beforePrint(s + CRLF);
    delegate.println(s);
    body.printed(s + CRLF);
  }

  @Override
  public void println(boolean b) throws IOException {
    beforePrint(b + CRLF);
    delegate.println(b);
    body.printed(b + CRLF);
  }

  @Override
  public void println(char c) throws IOException {
    beforePrint(c + CRLF);
    delegate.println(c);
    body.printed(c + CRLF);
  }

  @Override
  public void println(int i) throws IOException {
    beforePrint(i + CRLF);
    delegate.println(i);
    body.printed(i + CRLF);
  }

  @Override
  public void println(long l) throws IOException {
    beforePrint(l + CRLF);
    delegate.println(l);
    body.printed(l + CRLF);
  }

  @Override
  public void println(float f) throws IOException {
    beforePrint(f + CRLF);
    delegate.println(f);
    body.printed(f + CRLF);
  }

  @Override
  public void println(double d) throws IOException {
    beforePrint(d + CRLF);
    delegate.println(d);
    body.printed(d + CRLF);
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException {
    response.beforeClose();
    delegate.close();
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public void setWriteListener(WriteListener listener) {
    delegate.setWriteListener(listener);
  }
}
