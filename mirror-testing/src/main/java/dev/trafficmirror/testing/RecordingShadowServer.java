package dev.trafficmirror.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP shadow service on a loopback port 0 (the JDK's HTTP server, so that it runs beside
 * either container): it records each request it receives and answers {@code 200 shadow}, or never
 * answers ({@link #hanging()}). {@link #refusingUri()} gives an address that refuses connections.
 */
public final class RecordingShadowServer implements AutoCloseable {
  /** A request the shadow server received. */
  public record Received(
      String method,
      String path,
      @Nullable String rawQuery,
      Map<String, List<String>> headers,
      byte[] body) {
    /** Returns the first value of {@code name}, case-insensitively, or null. */
    public @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final boolean hang;

  private RecordingShadowServer(boolean hang) throws IOException {
    this.hang = hang;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server that records and answers every request. */
  public static RecordingShadowServer answering() throws IOException {
    return new RecordingShadowServer(false);
  }

  /** Starts a server that records every request and never answers until it is closed. */
  public static RecordingShadowServer hanging() throws IOException {
    return new RecordingShadowServer(true);
  }

  /** Returns an address on loopback where nothing listens: connecting to it is refused. */
  public static URI refusingUri() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI uri = exchange.getRequestURI();
    received.add(
        new Received(
            exchange.getRequestMethod(),
            uri.getRawPath(),
            uri.getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    if (hang) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] answer = "shadow".getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Returns the requests received so far. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits (up to 10 s) for a request carrying test id {@code testId} and returns it. */
  public Received await(String testId) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> find(testId) != null);
    Received r = find(testId);
    if (r == null) {
      throw new AssertionError("no request " + testId);
    }
    return r;
  }

  private @Nullable Received find(String testId) {
    for (Received r : received) {
      if (testId.equals(r.header(TestIds.HEADER))) {
        return r;
      }
    }
    return null;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
