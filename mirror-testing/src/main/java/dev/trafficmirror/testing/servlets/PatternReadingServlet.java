package dev.trafficmirror.testing.servlets;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the request body in the pattern the request names, for property tests of the capture:
 * {@code X-Read-Api} is {@code stream} or {@code reader} (ISO-8859-1, one character per byte);
 * {@code X-Read-Ops} a comma-separated list of reads, repeated in turn: {@code b} one byte or
 * character, {@code a<n>} an array of {@code n}, {@code l<n>} a line ({@code readLine} into {@code
 * n} bytes for the stream, {@code BufferedReader.readLine} for the reader); {@code X-Read-Until}
 * {@code end} reads to the end, anything else stops after one round. Answers {@code read=<bytes or
 * characters> eof=<true|false>} (a reader's lines count without their ends).
 */
public final class PatternReadingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String[] ops = String.valueOf(request.getHeader("X-Read-Ops")).split(",");
    boolean toEnd = "end".equals(request.getHeader("X-Read-Until"));
    long read;
    boolean eof;
    if ("reader".equals(request.getHeader("X-Read-Api"))) {
      request.setCharacterEncoding(StandardCharsets.ISO_8859_1.name());
      long[] result = readChars(request.getReader(), ops, toEnd);
      read = result[0];
      eof = result[1] != 0;
    } else {
      long[] result = readBytes(request.getInputStream(), ops, toEnd);
      read = result[0];
      eof = result[1] != 0;
    }
    response.setContentType("text/plain");
    response.getWriter().print("read=" + read + " eof=" + eof);
  }

  private static long[] readBytes(ServletInputStream in, String[] ops, boolean toEnd)
      throws IOException {
    long read = 0;
    do {
      for (String op : ops) {
        int n;
        if (op.equals("b")) {
          n = in.read() < 0 ? -1 : 1;
        } else if (op.startsWith("l")) {
          n = in.readLine(new byte[size(op)], 0, size(op));
        } else {
          n = in.read(new byte[size(op)], 0, size(op));
        }
        if (n < 0) {
          return new long[] {read, 1};
        }
        read += n;
      }
    } while (toEnd);
    return new long[] {read, 0};
  }

  private static long[] readChars(BufferedReader in, String[] ops, boolean toEnd)
      throws IOException {
    long read = 0;
    do {
      for (String op : ops) {
        int n;
        if (op.equals("b")) {
          n = in.read() < 0 ? -1 : 1;
        } else if (op.startsWith("l")) {
          String line = in.readLine();
          n = line == null ? -1 : line.length();
        } else {
          n = in.read(new char[size(op)], 0, size(op));
        }
        if (n < 0) {
          return new long[] {read, 1};
        }
        read += n;
      }
    } while (toEnd);
    return new long[] {read, 0};
  }

  private static int size(String op) {
    return Math.max(1, Integer.parseInt(op.substring(1)));
  }
}
