package dev.trafficmirror.testing.servlets;

import dev.trafficmirror.testing.Bodies;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a servlet's report: UTF-8 text with Content-Length. */
final class Reports {
  private Reports() {}

  static void write(HttpServletResponse response, String report) throws IOException {
    byte[] bytes = report.getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static String digest(byte[] bytes) {
    return "read=" + bytes.length + " sha256=" + Bodies.sha256(bytes);
  }

  /** Returns the path info of the servlet handling the request, also inside an include. */
  static String path(HttpServletRequest request) {
    Object included = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
    String info = included != null ? included.toString() : request.getPathInfo();
    return info == null ? "" : info;
  }
}
