package dev.trafficmirror.redis;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP shadow on loopback: answers {@code {"ok":true}} (what the tests' production answered)
 * except under {@code /diff}, and records every request it received by its {@code X-Mirror-Id}.
 */
final class ShadowServer implements AutoCloseable {
  /** One request as the shadow received it. */
  record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  final Map<String, Received> byMirrorId = new ConcurrentHashMap<>();

  ShadowServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String mirrorId = exchange.getRequestHeaders().getFirst("X-Mirror-Id");
          if (mirrorId != null) {
            byMirrorId.put(
                mirrorId,
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
          }
          boolean differs = exchange.getRequestURI().getPath().startsWith("/diff");
          byte[] answer =
              (differs ? "{\"ok\":false}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
