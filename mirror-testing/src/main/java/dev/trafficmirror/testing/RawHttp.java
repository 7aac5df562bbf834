package dev.trafficmirror.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), for what a
 * regular client will not do: send a body in chunks of a chosen size, wait for {@code 100
 * Continue}, stop sending mid-body and go away, or keep a request off pooled connections.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code body} with chunked transfer coding in chunks of {@code chunkSize}; returns the
   * response.
   */
  public static ClientResponse chunked(
      URI base,
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      byte[] body,
      int chunkSize)
      throws IOException {
    try (Socket socket = connect(base)) {
      OutputStream out = socket.getOutputStream();
      out.write(head(base, method, pathAndQuery, headers, "Transfer-Encoding: chunked\r\n"));
      for (int off = 0; off < body.length; off += chunkSize) {
        int n = Math.min(chunkSize, body.length - off);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, off, n);
        out.write(CRLF);
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readResponse(socket.getInputStream());
    }
  }

  /**
   * Sends {@code body} (or nothing, when null) with Content-Length on a connection of its own;
   * returns the response.
   */
  public static ClientResponse send(
      URI base,
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      byte @Nullable [] body)
      throws IOException {
    try (Socket socket = connect(base)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          head(
              base,
              method,
              pathAndQuery,
              headers,
              body == null ? "" : "Content-Length: " + body.length + "\r\n"));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return readResponse(socket.getInputStream());
    }
  }

  /**
   * Sends a request with {@code Expect: 100-continue} and Content-Length, and its body only when
   * the server answers {@code 100 Continue}; returns the final response. (The JDK 17 HttpClient
   * waits forever when a server answers such a request with a final status instead.)
   */
  public static ClientResponse expectContinue(
      URI base, String method, String pathAndQuery, Map<String, String> headers, byte[] body)
      throws IOException {
    try (Socket socket = connect(base)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          head(
              base,
              method,
              pathAndQuery,
              headers,
              "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n"));
      out.flush();
      InputStream in = socket.getInputStream();
      ClientResponse first = readResponse(in);
      if (first.status() != 100) {
        return first;
      }
      out.write(body);
      out.flush();
      return readResponse(in);
    }
  }

  /**
   * Announces {@code declaredLength} bytes, sends only {@code sent}, and closes the connection: a
   * client that aborts mid-body.
   */
  public static void abortMidBody(
      URI base,
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      long declaredLength,
      byte[] sent)
      throws IOException {
    try (Socket socket = connect(base)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          head(base, method, pathAndQuery, headers, "Content-Length: " + declaredLength + "\r\n"));
      out.write(sent);
      out.flush();
    }
  }

  /**
   * Announces {@code declaredLength} bytes, sends only {@code sent}, and stalls: reads the response
   * while the rest of the body is still owed, then goes away. The server must answer without the
   * rest; a server that waits for it makes this fail with a {@code SocketTimeoutException} after
   * {@code answerWithin} (far below the servers' idle timeouts).
   */
  public static ClientResponse stalledUpload(
      URI base,
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      long declaredLength,
      byte[] sent,
      Duration answerWithin)
      throws IOException {
    try (Socket socket = connect(base)) {
      socket.setSoTimeout((int) answerWithin.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          head(base, method, pathAndQuery, headers, "Content-Length: " + declaredLength + "\r\n"));
      out.write(sent);
      out.flush();
      return readResponse(socket.getInputStream());
    }
  }

  /**
   * Writes {@code raw} as it is (a malformed request, several pipelined requests) and reads {@code
   * responses} responses; returns them in order. Fewer come back when the server closes the
   * connection first.
   */
  public static List<ClientResponse> exchange(URI base, byte[] raw, int responses)
      throws IOException {
    try (Socket socket = connect(base)) {
      OutputStream out = socket.getOutputStream();
      out.write(raw);
      out.flush();
      List<ClientResponse> answers = new ArrayList<>();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < responses; i++) {
        try {
          answers.add(readResponse(in));
        } catch (IOException | RuntimeException e) {
          break;
        }
      }
      return answers;
    }
  }

  /**
   * Writes {@code raw}, closes the sending side (the client will send no more), and reads one
   * response; returns it, or nothing when the server closes the connection without one.
   */
  public static List<ClientResponse> exchangeHalfClosed(URI base, byte[] raw) throws IOException {
    try (Socket socket = connect(base)) {
      OutputStream out = socket.getOutputStream();
      out.write(raw);
      out.flush();
      socket.shutdownOutput();
      List<ClientResponse> answers = new ArrayList<>();
      try {
        answers.add(readResponse(socket.getInputStream()));
      } catch (IOException | RuntimeException e) {
        // No response: the server closed the connection.
      }
      return answers;
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private static Socket connect(URI base) throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static byte[] head(
      URI base, String method, String pathAndQuery, Map<String, String> headers, String framing) {
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(pathAndQuery)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(base.getHost())
            .append(':')
            .append(base.getPort())
            .append("\r\n")
            .append("Connection: close\r\n")
            .append(framing);
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static ClientResponse readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, List<String>> headers = new TreeMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (status == 100) {
      return new ClientResponse(status, headers, body.toByteArray());
    }
    List<String> length = headers.get("content-length");
    List<String> coding = headers.get("transfer-encoding");
    if (length != null) {
      body.write(in.readNBytes(Integer.parseInt(length.get(0))));
    } else if (coding != null && coding.get(0).equalsIgnoreCase("chunked")) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
      while (!line(in).isEmpty()) {
        // trailer fields
      }
    } else {
      in.transferTo(body);
    }
    return new ClientResponse(status, headers, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
