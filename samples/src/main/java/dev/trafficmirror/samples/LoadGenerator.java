package dev.trafficmirror.samples;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Replays the iris data set against production as JSON requests from a few client threads, with a
 * progress bar and a running status line (the demo shows the shadow's agreement there). Every 25th
 * request is malformed (three features), as real traffic sometimes is.
 */
public final class LoadGenerator {
  private final URI predictUri;
  private final int concurrency;
  private final PrintStream progress;
  private final boolean terminal;
  private final Supplier<String> status;
  private long statusDrawnNanos;
  private String lastStatus = "";

  /** Creates a generator for {@code predictUri} drawing progress on {@code progress}. */
  public LoadGenerator(URI predictUri, int concurrency, PrintStream progress, boolean terminal) {
    this(predictUri, concurrency, progress, terminal, () -> "");
  }

  /**
   * Creates a generator for {@code predictUri} drawing progress on {@code progress}, followed by
   * {@code status} (read at most ten times a second).
   */
  public LoadGenerator(
      URI predictUri,
      int concurrency,
      PrintStream progress,
      boolean terminal,
      Supplier<String> status) {
    this.predictUri = predictUri;
    this.concurrency = concurrency;
    this.progress = progress;
    this.terminal = terminal;
    this.status = status;
  }

  /**
   * Returns the request bodies of {@code passes} replays of the data set, malformed ones included.
   */
  public static List<String> bodies(List<IrisData.Flower> flowers, int passes) {
    List<String> bodies = new ArrayList<>();
    for (int pass = 0; pass < passes; pass++) {
      for (IrisData.Flower flower : flowers) {
        double[] f = flower.features();
        if ((bodies.size() + 1) % 25 == 0) {
          bodies.add(String.format(Locale.ROOT, "{\"features\":[%s,%s,%s]}", f[0], f[1], f[2]));
        }
        bodies.add(
            String.format(Locale.ROOT, "{\"features\":[%s,%s,%s,%s]}", f[0], f[1], f[2], f[3]));
      }
    }
    return bodies;
  }

  /** Sends every body once and returns the statuses production answered, in order. */
  public int[] run(List<String> bodies) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int[] statuses = new int[bodies.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
                    HttpRequest request =
                        HttpRequest.newBuilder(predictUri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                            .build();
                    statuses[i] =
                        client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    draw(done.incrementAndGet(), bodies.size());
                  }
                  return null;
                }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    if (terminal) {
      progress.println();
    }
    return statuses;
  }

  private void draw(int done, int total) {
    if (terminal) {
      int width = 30;
      int filled = done * width / total;
      synchronized (progress) {
        long now = System.nanoTime();
        if (done == total || now - statusDrawnNanos > 100_000_000L) {
          statusDrawnNanos = now;
          lastStatus = status.get();
        }
        progress.print(
            "\r  ["
                + "#".repeat(filled)
                + ".".repeat(width - filled)
                + "] "
                + done
                + "/"
                + total
                + " requests  "
                + lastStatus
                + "   ");
        progress.flush();
      }
    } else if (done == total || done % Math.max(1, total / 4) == 0) {
      synchronized (progress) {
        progress.println("  " + done + "/" + total + " requests sent  " + status.get());
      }
    }
  }
}
