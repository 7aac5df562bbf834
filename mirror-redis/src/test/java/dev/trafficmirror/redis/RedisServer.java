package dev.trafficmirror.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, without persistence,
 * for one test class: started before all tests, emptied before each, killed after all. Tests can
 * stop and restart it on the same port.
 */
final class RedisServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private int port;
  private Process process;
  private RedisClient client;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = freePort();
    start();
    client =
        RedisClient.builder()
            .hostAndPort(new HostAndPort("127.0.0.1", port))
            .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(5_000).build())
            .build();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (process == null || !process.isAlive()) {
      start();
    }
    client.flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (client != null) {
      client.close();
    }
    stop();
  }

  /** Returns {@code redis://127.0.0.1:<port>}. */
  URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  /** Returns a client for inspecting what the code under test wrote. */
  RedisClient client() {
    return client;
  }

  /** Starts the server on its port and waits until it answers PING. */
  void start() throws IOException {
    Path log =
        Files.createDirectories(Path.of("target", "redis")).resolve("redis-" + port + ".log");
    process =
        new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    String.valueOf(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    await("redis-server on port " + port + " answers PING (log: " + log + ")")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "redis-server exited with " + process.exitValue() + "; see " + log);
              }
              return answersPing();
            });
    if (client != null) {
      // The test client's pooled connections broke with the old process: let it discard them.
      await()
          .atMost(Duration.ofSeconds(5))
          .ignoreExceptions()
          .until(() -> "PONG".equals(client.ping()));
    }
  }

  /** Kills the server (SIGKILL: no goodbye to connected clients) and waits until it is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Makes the server hold every client's commands for {@code duration} ({@code CLIENT PAUSE}): a
   * slow Redis.
   */
  void pauseClients(Duration duration) throws IOException {
    String answer = inline("CLIENT PAUSE " + duration.toMillis(), 5);
    if (!answer.equals("+OK\r\n")) {
      throw new IllegalStateException("CLIENT PAUSE answered " + answer);
    }
  }

  private boolean answersPing() {
    try {
      return inline("PING", 7).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends an inline command on a fresh connection and returns the first {@code answerBytes} of the
   * answer.
   */
  private String inline(String command, int answerBytes) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(answerBytes), StandardCharsets.US_ASCII);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
