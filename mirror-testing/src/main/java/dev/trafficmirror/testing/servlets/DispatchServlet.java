package dev.trafficmirror.testing.servlets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Dispatches: {@code /forward} and {@code /include} to {@code /read/all}, {@code /error} ({@code
 * sendError(418)}, which an error page renders).
 */
public final class DispatchServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    switch (Reports.path(request)) {
      case "/forward" -> request.getRequestDispatcher("/read/all").forward(request, response);
      case "/include" -> {
        response.setContentType("text/plain;charset=UTF-8");
        // The included servlet writes to the output stream: use it here too.
        response.getOutputStream().print("before include\n");
        request.getRequestDispatcher("/read/bytes").include(request, response);
        response.getOutputStream().print("after include\n");
      }
      case "/error" -> response.sendError(418, "teapot");
      default -> throw new IllegalArgumentException(request.getPathInfo());
    }
  }
}
