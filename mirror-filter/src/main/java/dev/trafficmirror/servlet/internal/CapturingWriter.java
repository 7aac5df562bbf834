package dev.trafficmirror.servlet.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Formatter;
import java.util.Locale;

/**
 * The container's own response writer, with every character production writes also encoded into the
 * {@link ResponseBody} with the writer's charset. Using the container's writer keeps what the
 * client gets the container's: its charset choice (Jetty assumes UTF-8 for JSON and leaves the
 * Content-Type alone, Tomcat adds {@code charset=ISO-8859-1}), buffering, errors and line
 * separators.
 */
final class CapturingWriter extends PrintWriter {
  private static final String LINE = System.lineSeparator();

  private final PrintWriter delegate;
  private final Writer tee;
  private final ResponseBody body;
  private final Locale responseLocale;
  private final CapturingResponse response;

  CapturingWriter(
      PrintWriter delegate,
      Writer tee,
      ResponseBody body,
      Locale responseLocale,
      CapturingResponse response) {
    super(delegate);
    this.delegate = delegate;
    this.tee = tee;
    this.body = body;
    this.responseLocale = responseLocale;
    this.response = response;
  }

  /** A character becomes at most four bytes in any charset a response uses. */
  private void beforeWrite(long chars) {
    response.beforeWrite(chars * 4);
  }

  private void tee(String s) {
    try {
      tee.write(s);
    } catch (IOException | RuntimeException e) {
      body.markInexact();
    }
  }

  private void tee(char[] chars, int off, int len) {
    try {
      tee.write(chars, off, len);
    } catch (IOException | RuntimeException e) {
      body.markInexact();
    }
  }

  private void tee(int c) {
    try {
      tee.write(c);
    } catch (IOException | RuntimeException e) {
      body.markInexact();
    }
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    response.beforeClose();
    delegate.close();
  }

  @Override
  public boolean checkError() {
    return delegate.checkError();
  }

  @Override
  public void write(int c) {
    beforeWrite(1);
    delegate.write(c);
    tee(c);
  }

  @Override
  public void write(char[] buf, int off, int len) {
    beforeWrite(len);
    delegate.write(buf, off, len);
    tee(buf, off, len);
  }

  @Override
  public void write(char[] buf) {
    beforeWrite(buf.length);
    delegate.write(buf);
    tee(buf, 0, buf.length);
  }

  @Override
  public void write(String s, int off, int len) {
    beforeWrite(len);
    delegate.write(s, off, len);
    tee(s.substring(off, off + len));
  }

  @Override
  public void write(String s) {
    beforeWrite(s.length());
    delegate.write(s);
    tee(s);
  }

  @Override
  public void print(boolean b) {
    beforeWrite(String.valueOf(b).length());
    delegate.print(b);
    tee(String.valueOf(b));
  }

  @Override
  public void print(char c) {
    beforeWrite(String.valueOf(c).length());
    delegate.print(c);
    tee(c);
  }

  @Override
  public void print(int i) {
    beforeWrite(String.valueOf(i).length());
    delegate.print(i);
    tee(String.valueOf(i));
  }

  @Override
  public void print(long l) {
    beforeWrite(String.valueOf(l).length());
    delegate.print(l);
    tee(String.valueOf(l));
  }

  @Override
  public void print(float f) {
    beforeWrite(String.valueOf(f).length());
    delegate.print(f);
    tee(String.valueOf(f));
  }

  @Override
  public void print(double d) {
    beforeWrite(String.valueOf(d).length());
    delegate.print(d);
    tee(String.valueOf(d));
  }

  @Override
  public void print(char[] s) {
    beforeWrite(s.length);
    delegate.print(s);
    tee(s, 0, s.length);
  }

  @Override
  public void print(String s) {
    beforeWrite(String.valueOf(s).length());
    delegate.print(s);
    tee(String.valueOf(s));
  }

  @Override
  public void print(Object obj) {
    // toString() once: the container's print(Object) prints String.valueOf(obj) too.
    String s = String.valueOf(obj);
    beforeWrite(s.length());
    delegate.print(s);
    tee(s);
  }

  @Override
  public void println() {
    beforeWrite(2);
    delegate.println();
    tee(LINE);
  }

  @Override
  public void println(boolean x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(char x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(int x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(long x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(float x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(double x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(char[] x) {
    beforeWrite(x.length + 2L);
    delegate.println(x);
    tee(new String(x) + LINE);
  }

  @Override
  public void println(String x) {
    beforeWrite(String.valueOf(x).length() + 2);
    delegate.println(x);
    tee(x + LINE);
  }

  @Override
  public void println(Object x) {
    String s = String.valueOf(x);
    beforeWrite(s.length() + 2);
    delegate.println(s);
    tee(s + LINE);
  }

  @Override
  public PrintWriter printf(String format, Object... args) {
    return format(format, args);
  }

  @Override
  public PrintWriter printf(Locale l, String format, Object... args) {
    return format(l, format, args);
  }

  @Override
  public PrintWriter format(String format, Object... args) {
    beforeWrite(Integer.MAX_VALUE);
    delegate.format(format, args);
    // Containers format with the default locale (Tomcat) or the response's (Jetty).
    Locale locale = Locale.getDefault(Locale.Category.FORMAT);
    if (!locale.equals(responseLocale)) {
      body.markInexact();
    }
    teeFormatted(locale, format, args);
    return this;
  }

  @Override
  public PrintWriter format(Locale l, String format, Object... args) {
    beforeWrite(Integer.MAX_VALUE);
    delegate.format(l, format, args);
    teeFormatted(l, format, args);
    return this;
  }

  private void teeFormatted(Locale locale, String format, Object... args) {
    try (Formatter formatter = new Formatter(new StringBuilder(), locale)) {
      tee(formatter.format(format, args).toString());
    } catch (RuntimeException e) {
      body.markInexact();
    }
  }

  @Override
  public PrintWriter append(CharSequence csq) {
    String s = String.valueOf(csq);
    beforeWrite(s.length());
    delegate.append(s);
    tee(s);
    return this;
  }

  @Override
  public PrintWriter append(CharSequence csq, int start, int end) {
    String s = (csq == null ? "null" : csq).subSequence(start, end).toString();
    beforeWrite(s.length());
    delegate.append(s);
    tee(s);
    return this;
  }

  @Override
  public PrintWriter append(char c) {
    beforeWrite(1);
    delegate.append(c);
    tee(c);
    return this;
  }
}
