package dev.trafficmirror.testing.servlets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses the ways servlets do; the path info names the behaviour (see the cases). Reads
 * no request body.
 */
public final class ResponseServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Bytes of {@code /large}: twice the suites' {@code mirror.max-response-bytes}. */
  public static final int LARGE = 2 * 1024 * 1024;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (Reports.path(request)) {
      case "/send-error" -> response.sendError(503, "busy");
      case "/redirect" -> response.sendRedirect("/somewhere?x=1");
      case "/throw" -> throw new IllegalStateException("boom");
      case "/large" -> large(response);
      case "/content-length" -> {
        response.setContentType("application/octet-stream");
        response.setContentLength(1000);
        response.getOutputStream().write(pattern(1000));
      }
      case "/reset" -> {
        response.getWriter().print("discarded");
        response.setHeader("X-Before-Reset", "1");
        response.reset();
        response.setStatus(201);
        response.setHeader("X-After-Reset", "1");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write("kept".getBytes(StandardCharsets.UTF_8));
      }
      case "/reset-buffer" -> {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("discarded");
        response.resetBuffer();
        response.getWriter().print("kept");
      }
      case "/commit" -> {
        response.setContentType("text/plain;charset=UTF-8");
        ServletOutputStream out = response.getOutputStream();
        out.write('a');
        response.flushBuffer();
        response.setHeader("X-Late", "ignored after commit");
        response.setStatus(500);
        out.write('b');
      }
      case "/writer-default" -> {
        response.setContentType("text/plain");
        PrintWriter writer = response.getWriter();
        writer.print("caf\u00e9 \u20ac ok");
        writer.println();
        writer.println(42);
      }
      case "/writer-utf8" -> {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        writer.print("caf\u00e9 \u20ac \u6a21\u578b");
        writer.printf("%d %s%n", 42, "x");
        writer.append('!').append("?", 0, 1).write("tail".toCharArray());
      }
      case "/json" -> {
        response.setContentType("application/json");
        response.getWriter().print("{\"v\":\"caf\u00e9\"}");
      }
      case "/print" -> {
        response.setContentType("text/plain");
        ServletOutputStream out = response.getOutputStream();
        out.print("ascii ");
        out.println(42);
        out.println(true);
        out.println();
      }
      case "/headers" -> {
        response.setStatus(202);
        response.setHeader("X-Custom", "v1");
        response.addHeader("X-Custom", "v2");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("ok");
      }
      default -> throw new IllegalArgumentException(request.getPathInfo());
    }
  }

  private static void large(HttpServletResponse response) throws IOException {
    response.setContentType("application/octet-stream");
    ServletOutputStream out = response.getOutputStream();
    byte[] chunk = pattern(8192);
    for (int written = 0; written < LARGE; written += chunk.length) {
      out.write(chunk);
      if (written % (256 * 1024) == 0) {
        out.flush();
      }
    }
  }

  static byte[] pattern(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i % 251);
    }
    return bytes;
  }
}
