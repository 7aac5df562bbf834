package dev.trafficmirror.core;

import static dev.trafficmirror.core.TestTargets.production;
import static dev.trafficmirror.core.TestTargets.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trafficmirror.spi.MirrorOutcome;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.OutcomeListener;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code http://} target under a mirror: its event loop is turned by the target's first mirror
 * thread, which also compares, reports and enforces deadlines; no thread of the client's own, no
 * deadline timer. Against a real server on loopback that answers after a delay of the test's
 * choosing, without holding a thread per request.
 */
class DrivenHttpTargetIT {
  private static final byte[] ANSWER = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private final ScheduledExecutorService answering = Executors.newScheduledThreadPool(1);
  private final AtomicInteger inFlightAtServer = new AtomicInteger();
  private final AtomicInteger peakAtServer = new AtomicInteger();
  private final AtomicInteger received = new AtomicInteger();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final List<HttpExchange> hanging = new CopyOnWriteArrayList<>();
  private volatile long delayMillis;
  private final List<Thread> made = new CopyOnWriteArrayList<>();
  private Mirror mirror;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/predict",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.incrementAndGet();
          clientPorts.add(exchange.getRemoteAddress().getPort());
          peakAtServer.accumulateAndGet(inFlightAtServer.incrementAndGet(), Math::max);
          // Answered later from another thread: the server holds no thread per request.
          var unused =
              answering.schedule(() -> answer(exchange), delayMillis, TimeUnit.MILLISECONDS);
        });
    server.createContext(
        "/hang",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.incrementAndGet();
          // Never answered: kept open until the test ends.
          hanging.add(exchange);
        });
    server.start();
  }

  private void answer(HttpExchange exchange) {
    inFlightAtServer.decrementAndGet();
    try {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, ANSWER.length);
      exchange.getResponseBody().write(ANSWER);
    } catch (IOException e) {
      // The client gave up on this call: nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @AfterEach
  void stop() {
    if (mirror != null) {
      mirror.close();
    }
    hanging.forEach(HttpExchange::close);
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    answering.shutdownNow();
  }

  private Mirror mirror(TargetConfig.Builder target, OutcomeListener listener) {
    return Mirror.builder()
        .config(
            MirrorConfig.builder()
                .methods(List.of("POST"))
                .drainTimeout(Duration.ofMillis(300))
                .target(target.url("http://127.0.0.1:" + server.getAddress().getPort()).build())
                .build())
        .listener(listener)
        .threadFactory(TestTargets.keepingThreads(made))
        .openTelemetry(OpenTelemetry.noop())
        .build();
  }

  private List<String> aliveThreadNames() {
    return made.stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  @Test
  void theTargetsOwnThreadsReadCompareAndReport_andNoClientOrTimerThreadRuns() {
    List<String> reportedOn = new CopyOnWriteArrayList<>();
    TestTargets.Collecting outcomes = new TestTargets.Collecting();
    mirror =
        mirror(
            TargetConfig.builder("driven").threads(3).timeout(Duration.ofSeconds(5)),
            outcome -> {
              reportedOn.add(Thread.currentThread().getName());
              outcomes.onOutcome(outcome);
            });

    for (int i = 0; i < 50; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{\"x\":" + i + "}"), production());
    }
    await().until(() -> outcomes.outcomes.size() == 50);

    assertThat(mirror.outcomeCounts().get("driven", OutcomeKind.MATCH)).isEqualTo(50);
    // One thread drives the connections, the other two help when it falls behind.
    assertThat(aliveThreadNames())
        .filteredOn(name -> name.startsWith("mirror-driven-worker"))
        .hasSize(3);
    assertThat(aliveThreadNames()).noneMatch(name -> name.startsWith("mirror-deadline"));
    assertThat(threadsNamed("mirror-http-driven")).isZero();
    assertThat(reportedOn).allMatch(name -> name.startsWith("mirror-driven-worker"));
  }

  @Test
  void aThousandCopiesToA200MsShadow_stayWithinMaxInFlight_andTheBudget_onNoMoreThreads() {
    delayMillis = 200;
    TestTargets.Collecting outcomes = new TestTargets.Collecting();
    mirror =
        mirror(
            TargetConfig.builder("slow")
                .maxInFlight(100)
                .queueCapacity(1000)
                .timeout(Duration.ofSeconds(20)),
            outcomes);
    long idle = made.stream().filter(Thread::isAlive).count();
    long budget = mirror.config().maxBufferedBytes();

    for (int i = 0; i < 1000; i++) {
      mirror.adapterProtocol().submit(request("/predict", "{\"x\":" + i + "}"), production());
    }
    await().until(() -> peakAtServer.get() == 100);
    long busy = made.stream().filter(Thread::isAlive).count();
    long held = mirror.bufferedBytes();

    await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.outcomes.size() == 1000);
    assertThat(busy).isEqualTo(idle);
    assertThat(peakAtServer.get()).isEqualTo(100);
    // One call per connection at a time, and connections are kept: never more than the limit.
    assertThat(clientPorts).hasSizeLessThanOrEqualTo(100);
    assertThat(held).isPositive().isLessThanOrEqualTo(budget);
    assertThat(mirror.outcomeCounts().get("slow", OutcomeKind.MATCH)).isEqualTo(1000);
    assertThat(received.get()).isEqualTo(1000);
    await().until(() -> mirror.bufferedBytes() == 0);
  }

  @Test
  void theDeadline_isEnforcedByTheTargetsThread_andTheConnectionIsClosed() {
    TestTargets.Collecting outcomes = new TestTargets.Collecting();
    mirror = mirror(TargetConfig.builder("late").timeout(Duration.ofMillis(200)), outcomes);

    mirror.adapterProtocol().submit(request("/hang", "{}"), production());
    await().until(() -> outcomes.outcomes.size() == 1);

    MirrorOutcome outcome = outcomes.outcomes.get(0);
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.SHADOW_TIMEOUT);
    assertThat(outcome.shadowDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(aliveThreadNames()).noneMatch(name -> name.startsWith("mirror-deadline"));
    // The slot is free again: a second copy goes out while the first is still unanswered.
    mirror.adapterProtocol().submit(request("/predict", "{}"), production());
    await().until(() -> outcomes.outcomes.size() == 2);
    assertThat(outcomes.outcomes.get(1).kind()).isEqualTo(OutcomeKind.MATCH);
  }

  @Test
  void close_withCallsInFlight_recordsEachOnce_andLeavesNoThread() {
    TestTargets.Collecting outcomes = new TestTargets.Collecting();
    mirror = mirror(TargetConfig.builder("closing").timeout(Duration.ofSeconds(30)), outcomes);
    for (int i = 0; i < 5; i++) {
      mirror.adapterProtocol().submit(request("/hang", "{}"), production());
    }
    await().until(() -> received.get() == 5);

    mirror.close();

    assertThat(mirror.outcomeCounts().get("closing", OutcomeKind.DROPPED_SHUTDOWN)).isEqualTo(5);
    assertThat(mirror.outcomeCounts().total("closing")).isEqualTo(5);
    await().until(() -> aliveThreadNames().isEmpty());
    assertThat(threadsNamed("mirror-http-closing")).isZero();
  }

  @Test
  void aTargetUsedOnItsOwn_runsItsLoopOnAThreadOfItsOwn() throws Exception {
    HttpShadowTarget target =
        HttpShadowTarget.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .name("alone")
            .build();
    try {
      ShadowResponse answer = target.send(request("/predict", "{}"), Duration.ofSeconds(5));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(threadsNamed("mirror-http-alone")).isEqualTo(1);
      // Once its loop runs on its own thread, no mirror can claim it.
      assertThat(target.claimDriver()).isNull();
    } finally {
      target.close();
    }
    await().until(() -> threadsNamed("mirror-http-alone") == 0);
  }
}
