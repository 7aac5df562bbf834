package dev.trafficmirror.benchmarks.e2e;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The least any filter that copies requests must do on production's thread, for benchmark mode F:
 * wrap the request and response, copy the request's headers and every body byte read and written,
 * and read the answer's status and headers back. No decision, no limits, no hand-over, no mirror;
 * not safe for async servlets. What N costs over F is the mirror; what F costs over A no capturing
 * design can avoid.
 */
final class FloorFilter implements Filter {
  /**
   * Bytes and headers copied, so that the JIT cannot drop the copies; an adder, so that the request
   * threads do not contend on one counter.
   */
  private final LongAdder copied = new LongAdder();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    List<String> requestHeaders = new ArrayList<>(16);
    for (Enumeration<String> names = http.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      for (Enumeration<String> values = http.getHeaders(name); values.hasMoreElements(); ) {
        requestHeaders.add(name);
        requestHeaders.add(values.nextElement());
      }
    }
    Tee requestBody = new Tee();
    Tee responseBody = new Tee();
    HttpServletResponseWrapper wrapped =
        new HttpServletResponseWrapper((HttpServletResponse) response) {
          @Override
          public ServletOutputStream getOutputStream() throws IOException {
            return responseBody.out(super.getOutputStream());
          }
        };
    chain.doFilter(
        new HttpServletRequestWrapper(http) {
          @Override
          public ServletInputStream getInputStream() throws IOException {
            return requestBody.in(super.getInputStream());
          }
        },
        wrapped);
    List<String> responseHeaders = new ArrayList<>(16);
    for (String name : wrapped.getHeaderNames()) {
      for (String value : wrapped.getHeaders(name)) {
        responseHeaders.add(name);
        responseHeaders.add(value);
      }
    }
    copied.add(
        requestHeaders.size()
            + requestBody.count
            + wrapped.getStatus()
            + responseHeaders.size()
            + responseBody.count);
  }

  /** A growable copy of a body's bytes. */
  private static final class Tee {
    byte[] bytes = new byte[1024];
    int count;

    void copy(byte[] b, int off, int len) {
      if (count + len > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(count + len, bytes.length * 2));
      }
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    ServletInputStream in(ServletInputStream delegate) {
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          int b = delegate.read();
          if (b >= 0) {
            copy(new byte[] {(byte) b}, 0, 1);
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = delegate.read(b, off, len);
          if (n > 0) {
            copy(b, off, n);
          }
          return n;
        }

        @Override
        public boolean isFinished() {
          return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
          return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          delegate.setReadListener(listener);
        }
      };
    }

    ServletOutputStream out(ServletOutputStream delegate) {
      return new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          delegate.write(b);
          copy(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          delegate.write(b, off, len);
          copy(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          delegate.flush();
        }

        @Override
        public void close() throws IOException {
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
      };
    }
  }
}
