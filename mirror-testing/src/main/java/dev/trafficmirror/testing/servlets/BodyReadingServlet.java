package dev.trafficmirror.testing.servlets;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Reads the request body in the way the path info names: {@code /all} (read(byte[]) loop), {@code
 * /bytes} (read() loop), {@code /lines} (readLine), {@code /partial} (10 bytes), {@code
 * /partial-close} (10 bytes, then close), {@code /none}, {@code /reader}, {@code /reader-setenc}
 * (setCharacterEncoding from {@code X-Set-Encoding} first), {@code /write-then-read} (declares a
 * Content-Length, writes part of the answer with the writer, and only then reads the body).
 */
public final class BodyReadingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String report =
        switch (Reports.path(request)) {
          case "/all" -> Reports.digest(readAll(request.getInputStream()));
          case "/bytes" -> Reports.digest(readBytes(request.getInputStream()));
          case "/lines" -> Reports.digest(readLines(request.getInputStream()));
          case "/partial" -> Reports.digest(request.getInputStream().readNBytes(10));
          case "/partial-close" -> {
            ServletInputStream in = request.getInputStream();
            byte[] first = in.readNBytes(10);
            in.close();
            yield Reports.digest(first);
          }
          case "/none" -> "read=none";
          case "/write-then-read" -> {
            writeThenRead(request, response);
            yield null;
          }
          case "/reader" -> reader(request);
          case "/reader-setenc" -> {
            request.setCharacterEncoding(request.getHeader("X-Set-Encoding"));
            yield reader(request);
          }
          default -> throw new IllegalArgumentException(request.getPathInfo());
        };
    if (report != null) {
      Reports.write(response, request.getMethod() + " " + report);
    }
  }

  /** Answers 100 characters: 30 written before the body is read, the digest's 70 after. */
  private static void writeThenRead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(100);
    PrintWriter writer = response.getWriter();
    writer.print("written before reading the bo");
    writer.print('\n');
    String digest = Reports.digest(readAll(request.getInputStream()));
    writer.print((digest + " ".repeat(70)).substring(0, 70));
  }

  private static byte[] readAll(ServletInputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] readBytes(ServletInputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      out.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] readLines(ServletInputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] line = new byte[100];
    for (int n = in.readLine(line, 0, line.length); n >= 0; n = in.readLine(line, 0, line.length)) {
      out.write(line, 0, n);
    }
    return out.toByteArray();
  }

  private static String reader(HttpServletRequest request) throws IOException {
    BufferedReader reader = request.getReader();
    StringBuilder text = new StringBuilder();
    char[] chunk = new char[4096];
    for (int n = reader.read(chunk); n >= 0; n = reader.read(chunk)) {
      text.append(chunk, 0, n);
    }
    return "chars="
        + text.length()
        + " enc="
        + request.getCharacterEncoding()
        + " "
        + Reports.digest(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
