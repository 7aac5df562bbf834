package dev.trafficmirror.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A hostile shadow on a raw loopback socket: it reads each HTTP/1.1 request whole, then answers as
 * its {@link Fault} says, until {@link #heal()} makes it answer {@link #HEALTHY_BODY} like
 * production. Delays are the fault being played, scheduled on a timer of its own. Thread-safe.
 */
public final class FaultShadowServer implements AutoCloseable {
  /** What the healthy shadow (and the test's production) answers, as {@code application/json}. */
  public static final String HEALTHY_BODY = "{\"class\":0,\"score\":0.9}";

  /** How the shadow misbehaves. */
  public enum Fault {
    /** Answers correctly after 150 ms. */
    SLOW,
    /** Reads the request and never answers. */
    HANG,
    /** Reads the request and resets the connection. */
    RESET,
    /** Answers 500 with a JSON error. */
    ERROR_500,
    /** Answers 4 MiB with a Content-Length: more than the suites' max-response-bytes. */
    HUGE,
    /** Answers 256 KiB of gzip that inflates to 256 MiB of zeros (a gzip bomb). */
    GZIP_BOMB,
    /** Answers JSON nested 100 000 levels deep. */
    DEEP_JSON,
    /** Sends its headers, then one body byte every 50 ms. */
    DRIP
  }

  private static final byte[] BOMB = gzipZeros(256L << 20);
  private static final byte[] DEEP =
      ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);

  private final Fault fault;
  private final ServerSocket server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean healthy;

  /** Starts a shadow playing {@code fault} on an ephemeral loopback port. */
  public FaultShadowServer(Fault fault) throws IOException {
    this.fault = fault;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.acceptor =
        new Thread(this::accept, "fault-shadow-" + fault.name().toLowerCase(Locale.ROOT));
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a shadow that answers every request like production. */
  public static FaultShadowServer healthy() throws IOException {
    FaultShadowServer shadow = new FaultShadowServer(Fault.SLOW);
    shadow.heal();
    return shadow;
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Returns the requests read so far. */
  public int requests() {
    return requests.get();
  }

  /** Answers every further request like production. */
  public void heal() {
    healthy = true;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread connection = new Thread(() -> serve(socket), acceptor.getName() + "-conn");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (readRequest(in)) {
        requests.incrementAndGet();
        if (healthy) {
          answer(out, 200, "application/json", null, HEALTHY_BODY.getBytes(StandardCharsets.UTF_8));
          continue;
        }
        if (!misbehave(socket, out)) {
          return;
        }
      }
    } catch (IOException | InterruptedException | ExecutionException e) {
      // The client gave up on a hostile answer: that is the point.
    } finally {
      open.remove(socket);
    }
  }

  /** Plays the fault; returns whether the connection may carry another request. */
  private boolean misbehave(Socket socket, OutputStream out)
      throws IOException, InterruptedException, ExecutionException {
    switch (fault) {
      case SLOW -> {
        timer.schedule(() -> null, 150, TimeUnit.MILLISECONDS).get();
        answer(out, 200, "application/json", null, HEALTHY_BODY.getBytes(StandardCharsets.UTF_8));
        return true;
      }
      case HANG -> {
        // Holds the connection until the client or close() ends it.
        int ignored = socket.getInputStream().read();
        return false;
      }
      case RESET -> {
        socket.setSoLinger(true, 0);
        return false;
      }
      case ERROR_500 -> {
        answer(
            out,
            500,
            "application/json",
            null,
            "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8));
        return true;
      }
      case HUGE -> {
        byte[] chunk = "[0,0,0,0,0,0,0,0]".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        long length = 4L << 20;
        head(out, 200, "application/json", null, length);
        for (long sent = 0; sent < length; sent += chunk.length) {
          out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
        }
        out.flush();
        return true;
      }
      case GZIP_BOMB -> {
        answer(out, 200, "application/json", "gzip", BOMB);
        return true;
      }
      case DEEP_JSON -> {
        answer(out, 200, "application/json", null, DEEP);
        return true;
      }
      case DRIP -> {
        head(out, 200, "application/json", null, 100);
        out.flush();
        for (int i = 0; i < 100; i++) {
          timer.schedule(() -> null, 50, TimeUnit.MILLISECONDS).get();
          out.write(' ');
          out.flush();
        }
        return true;
      }
    }
    return false;
  }

  private static void answer(
      OutputStream out, int status, String type, @Nullable String encoding, byte[] body)
      throws IOException {
    head(out, status, type, encoding, body.length);
    out.write(body);
    out.flush();
  }

  private static void head(
      OutputStream out, int status, String type, @Nullable String encoding, long length)
      throws IOException {
    String head =
        "HTTP/1.1 "
            + status
            + (status == 200 ? " OK" : " Error")
            + "\r\nContent-Type: "
            + type
            + "\r\n"
            + (encoding == null ? "" : "Content-Encoding: " + encoding + "\r\n")
            + "Content-Length: "
            + length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads one request (head and Content-Length body); false at the end of the connection. */
  private static boolean readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return false;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(line.substring(colon + 1).strip());
      }
    }
    in.skipNBytes(length);
    return true;
  }

  private static byte[] gzipZeros(long size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      for (long left = size; left > 0; left -= zeros.length) {
        gzip.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    timer.shutdownNow();
  }
}
