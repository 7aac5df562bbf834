package dev.trafficmirror.testing.servlets;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page: reports the error attributes (never a stack trace, which differs with a filter).
 */
public final class ErrorPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object type = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE);
    Reports.write(
        response,
        "error page: status="
            + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
            + " exception="
            + (type instanceof Class<?> c ? c.getName() : type)
            + " message="
            + request.getAttribute(RequestDispatcher.ERROR_MESSAGE)
            + " uri="
            + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
            + " dispatch="
            + request.getDispatcherType());
  }
}
