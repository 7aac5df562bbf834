package dev.trafficmirror.testing.servlets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * Reads form parameters: {@code /params}, {@code /setenc} (setCharacterEncoding from {@code
 * X-Set-Encoding} first), {@code /params-then-stream}, {@code /stream-then-params}.
 */
public final class FormServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    StringBuilder report = new StringBuilder(request.getMethod()).append('\n');
    switch (Reports.path(request)) {
      case "/params" -> parameters(request, report);
      case "/setenc" -> {
        request.setCharacterEncoding(request.getHeader("X-Set-Encoding"));
        parameters(request, report);
      }
      case "/params-then-stream" -> {
        parameters(request, report);
        report
            .append("then stream ")
            .append(Reports.digest(request.getInputStream().readAllBytes()));
      }
      case "/stream-then-params" -> {
        report
            .append("stream ")
            .append(Reports.digest(request.getInputStream().readAllBytes()))
            .append('\n');
        parameters(request, report);
      }
      default -> throw new IllegalArgumentException(request.getPathInfo());
    }
    Reports.write(response, report.toString());
  }

  private static void parameters(HttpServletRequest request, StringBuilder report) {
    report
        .append("a=")
        .append(request.getParameter("a"))
        .append(" a[]=")
        .append(Arrays.toString(request.getParameterValues("a")))
        .append(" names=")
        .append(Collections.list(request.getParameterNames()))
        .append('\n');
    for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
      report.append(e.getKey()).append(" -> ").append(Arrays.toString(e.getValue())).append('\n');
    }
    report.append("encoding=").append(request.getCharacterEncoding()).append('\n');
  }
}
