package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP target against real servers on loopback. */
class HttpShadowTargetIT {
  private HttpServer server;
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final Map<String, Object> seen = new ConcurrentHashMap<>();
  private final List<Socket> rawSockets = new CopyOnWriteArrayList<>();
  private ServerSocket rawServer;
  private ExecutorService rawAcceptor;
  private Mirror mirror;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/base/echo",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          seen.put("method", exchange.getRequestMethod());
          seen.put("uri", exchange.getRequestURI().toString());
          seen.put("headers", Map.copyOf(exchange.getRequestHeaders()));
          seen.put("body", new String(body, StandardCharsets.UTF_8));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("X-Shadow", "v2");
          byte[] answer = "{\"prediction\":\"setosa\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(201, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.createContext(
        "/base/cookie",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          seen.put(
              "cookie-" + seen.size(),
              String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
          exchange.getResponseHeaders().add("Set-Cookie", "session=shadow; Path=/");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/base/fail",
        exchange -> {
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.createContext(
        "/base/redirect",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://127.0.0.1:9/elsewhere");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/base/slow",
        exchange -> {
          try {
            releaseSlow.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/base/huge",
        exchange -> {
          exchange.sendResponseHeaders(200, 5 << 20);
          byte[] chunk = new byte[64 * 1024];
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 80; i++) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // The client stopped reading past its bound: expected.
          }
        });
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    releaseSlow.countDown();
    if (mirror != null) {
      mirror.close();
    }
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    if (rawServer != null) {
      rawServer.close();
      rawAcceptor.shutdownNow();
    }
    for (Socket socket : rawSockets) {
      socket.close();
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/base";
  }

  private MirrorOutcome mirrorOnce(String url, String path, Duration timeout) {
    TestTargets.Collecting listener = new TestTargets.Collecting();
    MirrorConfig config =
        MirrorConfig.builder()
            .methods(List.of("POST"))
            .target(TargetConfig.builder("v2").url(url).timeout(timeout).build())
            .build();
    mirror =
        Mirror.builder()
            .config(config)
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    mirror.adapterProtocol().submit(TestTargets.request(path, "{\"x\":1}"), production());
    await().until(() -> listener.outcomes.size() == 1);
    return listener.outcomes.get(0);
  }

  @Test
  void success_sendsPathQueryHeadersAndBody_keepsStatusHeadersAndBody() throws Exception {
    HttpShadowTarget target = HttpShadowTarget.builder(URI.create(base() + "/")).build();
    MirroredRequest request =
        MirroredRequest.builder("POST", "/echo")
            .rawQuery("explain=true&x=%20")
            .headers(
                Headers.builder()
                    .add("Content-Type", "application/json")
                    .add("X-Mirror-Id", "abc")
                    .add("Accept", "a")
                    .add("Accept", "b")
                    .build())
            .body(Body.of("{\"x\":1}", StandardCharsets.UTF_8))
            .build();

    ShadowResponse response = target.send(request, Duration.ofSeconds(5));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.headers().first("x-shadow")).isEqualTo("v2");
    assertThat(response.body().toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"prediction\":\"setosa\"}");
    assertThat(response.bodyComplete()).isTrue();
    assertThat(seen.get("method")).isEqualTo("POST");
    assertThat(seen.get("uri")).isEqualTo("/base/echo?explain=true&x=%20");
    assertThat(seen.get("body")).isEqualTo("{\"x\":1}");
    @SuppressWarnings("unchecked")
    Map<String, List<String>> headers = (Map<String, List<String>>) seen.get("headers");
    assertThat(headers.get("Content-length")).containsExactly("7");
    assertThat(headers.get("Transfer-encoding")).isNull();
    assertThat(headers.get("X-mirror-id")).containsExactly("abc");
    assertThat(headers.get("Accept")).containsExactly("a", "b");
    assertThat(headers.get("Host")).containsExactly("127.0.0.1:" + server.getAddress().getPort());
    target.close();
  }

  @Test
  void resolve_pathCannotChooseTheHost() {
    HttpShadowTarget target = HttpShadowTarget.builder(URI.create("http://shadow:8080/v2")).build();
    URI uri =
        target.resolve(MirroredRequest.builder("GET", "//evil.example/x").rawQuery("a=b").build());
    assertThat(uri.getHost()).isEqualTo("shadow");
    assertThat(uri.getPort()).isEqualTo(8080);
    assertThat(uri.getRawPath()).isEqualTo("/v2//evil.example/x");
    URI withAt = target.resolve(MirroredRequest.builder("GET", "/@evil.example").build());
    assertThat(withAt.getHost()).isEqualTo("shadow");
    target.close();
  }

  @Test
  void serverError_isAnAnswer() {
    MirrorOutcome outcome = mirrorOnce(base(), "/fail", Duration.ofSeconds(5));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.MISMATCH);
    assertThat(outcome.shadow().status()).isEqualTo(500);
  }

  @Test
  void redirect_isNotFollowed() {
    MirrorOutcome outcome = mirrorOnce(base(), "/redirect", Duration.ofSeconds(5));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.MISMATCH);
    assertThat(outcome.shadow().status()).isEqualTo(302);
  }

  @Test
  void connectionRefused_isShadowError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    MirrorOutcome outcome =
        mirrorOnce("http://127.0.0.1:" + closedPort, "/x", Duration.ofSeconds(5));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.SHADOW_ERROR);
    assertThat(outcome.error()).isInstanceOf(ConnectException.class);
  }

  @Test
  void slowBeyondTimeout_isShadowTimeout() {
    MirrorOutcome outcome = mirrorOnce(base(), "/slow", Duration.ofMillis(200));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.SHADOW_TIMEOUT);
  }

  @Test
  void hugeBody_isReadUpToTheBound() throws Exception {
    HttpShadowTarget target =
        HttpShadowTarget.builder(URI.create(base())).maxResponseBytes(100_000).build();
    ShadowResponse response =
        target.send(MirroredRequest.builder("GET", "/huge").build(), Duration.ofSeconds(10));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyComplete()).isFalse();
    assertThat(response.body().size()).isEqualTo(100_000);
    target.close();
  }

  @Test
  void resetMidResponse_isShadowError() throws IOException {
    startRawServer(
        socket -> {
          readRequestHead(socket);
          OutputStream out = socket.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          socket.setSoLinger(true, 0);
          socket.close();
        });
    MirrorOutcome outcome =
        mirrorOnce("http://127.0.0.1:" + rawServer.getLocalPort(), "/x", Duration.ofSeconds(5));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.SHADOW_ERROR);
    assertThat(outcome.error()).isInstanceOf(IOException.class);
  }

  @Test
  void hangsForever_isTimedOut_andNoThreadIsLeftBehind() throws IOException {
    startRawServer(socket -> readRequestHead(socket));
    MirrorOutcome outcome =
        mirrorOnce("http://127.0.0.1:" + rawServer.getLocalPort(), "/x", Duration.ofMillis(300));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.SHADOW_TIMEOUT);

    mirror.close();

    assertThat(mirror.outcomeCounts().total("v2")).isEqualTo(1);
    await().until(() -> TestTargets.mirrorThreads() == 0);
  }

  @Test
  void theClientAddsNoHeadersOfItsOwn_andKeepsNoCookies() throws Exception {
    HttpShadowTarget target = HttpShadowTarget.builder(URI.create(base())).build();
    MirroredRequest request =
        MirroredRequest.builder("POST", "/echo")
            .body(Body.of("raw", StandardCharsets.UTF_8))
            .build();

    target.send(request, Duration.ofSeconds(5));

    @SuppressWarnings("unchecked")
    Map<String, List<String>> headers = (Map<String, List<String>>) seen.get("headers");
    assertThat(headers.keySet()).containsExactlyInAnyOrder("Host", "Content-length");
    target.send(MirroredRequest.builder("GET", "/cookie").build(), Duration.ofSeconds(5));
    target.send(MirroredRequest.builder("GET", "/cookie").build(), Duration.ofSeconds(5));
    assertThat(seen.entrySet())
        .filteredOn(e -> e.getKey().startsWith("cookie-"))
        .extracting(Map.Entry::getValue)
        .containsOnly("null");
    target.close();
  }

  @Test
  void aShadowThatNeverAcceptsTheConnection_failsWithAConnectTimeout_andIsPaused()
      throws Exception {
    // A listening socket whose accept queue is full drops further connection attempts, as a
    // black-holing firewall would.
    rawServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    rawAcceptor = Executors.newSingleThreadExecutor();
    for (int i = 0; i < 4; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(rawServer.getLocalSocketAddress(), 200);
      } catch (IOException e) {
        // The queue was full already.
      }
      rawSockets.add(filler);
    }
    String url = "http://127.0.0.1:" + rawServer.getLocalPort();
    HttpShadowTarget target =
        HttpShadowTarget.builder(URI.create(url)).connectTimeout(Duration.ofMillis(100)).build();
    try {
      target.send(MirroredRequest.builder("GET", "/x").build(), Duration.ofSeconds(5));
      Assertions.fail("connected to a full accept queue");
    } catch (HttpConnectTimeoutException expected) {
      assertThat(expected).hasMessageContaining("could not connect");
    } finally {
      target.close();
    }

    TestTargets.Collecting listener = new TestTargets.Collecting();
    mirror =
        Mirror.builder()
            .config(
                MirrorConfig.fromProperties(
                    Map.of(
                        "mirror.methods",
                        "POST",
                        "mirror.targets",
                        "v2",
                        "mirror.target.v2.url",
                        url,
                        "mirror.target.v2.connect-timeout",
                        "100ms",
                        "mirror.target.v2.connect-backoff",
                        "1m")))
            .listener(listener)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    mirror.adapterProtocol().submit(TestTargets.request("/x", "{}"), production());
    await().until(() -> listener.outcomes.size() == 1);
    assertThat(listener.outcomes.get(0).kind()).isEqualTo(OutcomeKind.SHADOW_TIMEOUT);
    assertThat(mirror.adapterProtocol().shouldMirror("POST", "/x", name -> null)).isFalse();
  }

  @Test
  void cancellingTheStage_closesTheConnection() throws Exception {
    CountDownLatch requestRead = new CountDownLatch(1);
    CountDownLatch closedByClient = new CountDownLatch(1);
    startRawServer(
        socket -> {
          readRequestHead(socket);
          requestRead.countDown();
          if (socket.getInputStream().read() < 0) {
            closedByClient.countDown();
          }
        });
    HttpShadowTarget target =
        HttpShadowTarget.builder(URI.create("http://127.0.0.1:" + rawServer.getLocalPort()))
            .build();
    var stage =
        target
            .sendAsync(MirroredRequest.builder("GET", "/x").build(), Duration.ofSeconds(5))
            .toCompletableFuture();
    assertThat(requestRead.await(5, TimeUnit.SECONDS)).isTrue();

    stage.cancel(true);

    assertThat(closedByClient.await(5, TimeUnit.SECONDS)).isTrue();
    target.close();
  }

  @Test
  void close_endsEveryThreadOfTheClient_atOnce() throws Exception {
    HttpShadowTarget target = HttpShadowTarget.builder(URI.create(base())).name("closing").build();
    target.send(
        MirroredRequest.builder("POST", "/echo").body(Body.of("x", StandardCharsets.UTF_8)).build(),
        Duration.ofSeconds(5));
    assertThat(clientThreads("closing")).isPositive();

    target.close();

    await().atMost(Duration.ofSeconds(2)).until(() -> clientThreads("closing") == 0);
  }

  private static long clientThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("mirror-http-" + name))
        .count();
  }

  private interface RawHandler {
    void handle(Socket socket) throws IOException;
  }

  private void startRawServer(RawHandler handler) throws IOException {
    rawServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    rawAcceptor = Executors.newSingleThreadExecutor();
    rawAcceptor.execute(
        () -> {
          while (!rawServer.isClosed()) {
            try {
              Socket socket = rawServer.accept();
              rawSockets.add(socket);
              handler.handle(socket);
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static void readRequestHead(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }
}
