package dev.trafficmirror.testing.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.OutcomeCounts;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.FaultShadowServer;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.Deployment;
import dev.trafficmirror.testing.containers.ServletContainer;
import dev.trafficmirror.testing.servlets.JsonAnswerServlet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A soak of small requests through the filter to a healthy shadow on loopback: every answer is
 * production's, the outcome kinds add up to the copies sampled, no byte of the budget stays held,
 * and the heap used after a collection at the end is within {@value #HEAP_SLACK_MIB} MiB of what it
 * was after the first fifth.
 *
 * <p>The build runs {@value #DEFAULT_REQUESTS} requests (about 25 s on a busy 2-core machine);
 * {@code benchmarks/soak.sh} runs the same suite with {@code -Dsoak.requests=100000}. No JUnit
 * timeout, since its length follows the count; every request and wait is bounded instead.
 */
public abstract class SoakSuite {
  /** Requests sent in all: {@code -Dsoak.requests}, default {@value #DEFAULT_REQUESTS}. */
  public static final int DEFAULT_REQUESTS = 10_000;

  private static final int REQUESTS = Integer.getInteger("soak.requests", DEFAULT_REQUESTS);
  private static final int CLIENTS = 4;
  private static final long HEAP_SLACK_MIB = 16;

  /** Returns the starter of the container under test. */
  protected abstract ContainerStarter starter();

  @Test
  void manyRequests_outcomesAddUp_heapStaysFlat() throws Exception {
    try (FaultShadowServer shadow = FaultShadowServer.healthy()) {
      Mirror mirror =
          Mirror.builder()
              .config(
                  MirrorConfig.fromProperties(
                      Map.of(
                          "mirror.targets", "v2",
                          "mirror.methods", "POST",
                          "mirror.target.v2.url", shadow.uri().toString(),
                          "mirror.target.v2.timeout", "2s")))
              .build();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try (ServletContainer production =
          starter()
              .start(
                  Deployment.builder()
                      .filter("/*", MirrorFilter.create(mirror))
                      .servlet("/predict", new JsonAnswerServlet())
                      .build())) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong wrong = new AtomicLong();
        URI uri = production.baseUri().resolve("/predict");

        send(clients, http, uri, REQUESTS / 5, wrong);
        settle(mirror, REQUESTS / 5);
        long usedAtFifth = usedAfterGc();

        send(clients, http, uri, REQUESTS - REQUESTS / 5, wrong);
        settle(mirror, REQUESTS);
        long usedAtEnd = usedAfterGc();

        assertThat(wrong).as("answers that were not production's").hasValue(0);
        OutcomeCounts counts = mirror.outcomeCounts();
        long sum = 0;
        for (OutcomeKind kind : OutcomeKind.values()) {
          sum += counts.get("v2", kind);
        }
        long sampled = mirror.statistics().target("v2").sampled();
        // One line for benchmarks/soak.sh, which quotes it from the test's output.
        System.out.printf(
            "soak: requests=%d sampled=%d outcomes=%d %s heap_after_gc_at_20%%=%d heap_after_gc_at_100%%=%d%n",
            REQUESTS, sampled, sum, counts, usedAtFifth, usedAtEnd);
        assertThat(sampled).isEqualTo(REQUESTS);
        assertThat(sum).as("%s", counts).isEqualTo(sampled);
        assertThat(counts.get("v2", OutcomeKind.MATCH)).as("%s", counts).isPositive();
        assertThat(mirror.bufferedBytes()).isZero();
        assertThat(usedAtEnd - usedAtFifth)
            .as("heap growth after GC, bytes (fifth: %d, end: %d)", usedAtFifth, usedAtEnd)
            .isLessThan(HEAP_SLACK_MIB << 20);
      } finally {
        mirror.close();
        clients.shutdownNow();
      }
    }
  }

  private static void send(
      ExecutorService clients, HttpClient http, URI uri, int n, AtomicLong wrong) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int share = n / CLIENTS + (c < n % CLIENTS ? 1 : 0);
      int client = c;
      done.add(
          clients.submit(
              () -> {
                for (int i = 0; i < share; i++) {
                  HttpRequest request =
                      HttpRequest.newBuilder(uri)
                          .timeout(Duration.ofSeconds(10))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString("{\"input\":" + client + "}"))
                          .build();
                  HttpResponse<String> response =
                      http.send(
                          request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                  if (response.statusCode() != 200
                      || !response.body().equals(FaultShadowServer.HEALTHY_BODY)) {
                    wrong.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  private static void settle(Mirror mirror, long outcomes) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> mirror.outcomeCounts().total("v2") >= outcomes);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
