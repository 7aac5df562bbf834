package dev.trafficmirror.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.trafficmirror.spi.ShadowResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The https target's client (Jetty's, as {@link JettyClients} sets it up), over plain HTTP on
 * loopback.
 */
class JettyHttpCallIT {
  private HttpServer server;
  private HttpClient client;
  private final Map<String, List<String>> seen = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/echo",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getRequestHeaders().forEach(seen::put);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("Set-Cookie", "s=1");
          byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.createContext(
        "/big",
        exchange -> {
          exchange.sendResponseHeaders(200, 1 << 20);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[1 << 20]);
          } catch (IOException e) {
            // The client stopped reading past its limit.
          }
        });
    server.start();
    client = JettyClients.start("jetty-it", 4, Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    JettyClients.stop(client);
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private ShadowResponse send(String url, int limit) throws Exception {
    var request = client.newRequest(url).method("POST");
    request.body(
        new ByteBufferRequestContent(
            (String) null, ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8))));
    return HttpCall.send(request, limit).get(5, TimeUnit.SECONDS);
  }

  @Test
  void anAnswer_isKeptWhole_andTheClientAddsNoHeaderOrCookieOfItsOwn() throws Exception {
    ShadowResponse first = send(url("/echo"), 1024);
    send(url("/echo"), 1024);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.headers().first("content-type")).isEqualTo("application/json");
    assertThat(first.body().toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    assertThat(first.bodyComplete()).isTrue();
    assertThat(seen.keySet()).containsExactlyInAnyOrder("Host", "Content-length");
  }

  @Test
  void pastTheLimit_theFirstBytesAreKept_andMarkedIncomplete() throws Exception {
    ShadowResponse response = send(url("/big"), 1000);

    assertThat(response.body().size()).isEqualTo(1000);
    assertThat(response.bodyComplete()).isFalse();
  }

  @Test
  void aRefusedConnection_failsWithConnectException() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    assertThatThrownBy(() -> send("http://127.0.0.1:" + closed + "/x", 10))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }
}
