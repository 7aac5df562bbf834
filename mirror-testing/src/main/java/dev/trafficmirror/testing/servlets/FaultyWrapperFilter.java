package dev.trafficmirror.testing.servlets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Enumeration;

/**
 * An application filter in front of the mirror filter whose wrappers fail where only the capture
 * looks: the request's header names ({@link Fault#REQUEST_HEADERS}, read when capture starts) or
 * the response's ({@link Fault#RESPONSE_HEADERS}, read when production has completed). Production,
 * which reads neither, is unaffected.
 */
public final class FaultyWrapperFilter implements Filter {
  /** Where the wrappers fail. */
  public enum Fault {
    REQUEST_HEADERS,
    RESPONSE_HEADERS
  }

  private final Fault fault;

  /** Creates a filter failing at {@code fault}. */
  public FaultyWrapperFilter(Fault fault) {
    this.fault = fault;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (fault == Fault.REQUEST_HEADERS) {
      chain.doFilter(
          new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public Enumeration<String> getHeaderNames() {
              throw new IllegalStateException("broken request wrapper");
            }
          },
          response);
    } else {
      chain.doFilter(
          request,
          new HttpServletResponseWrapper((HttpServletResponse) response) {
            @Override
            public Collection<String> getHeaderNames() {
              throw new IllegalStateException("broken response wrapper");
            }
          });
    }
  }
}
