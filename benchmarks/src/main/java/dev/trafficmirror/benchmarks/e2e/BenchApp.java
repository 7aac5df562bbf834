package dev.trafficmirror.benchmarks.e2e;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.OutcomeCounts;
import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ShadowResponse;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * The applications of the end-to-end benchmark, one per JVM.
 *
 * <pre>
 * BenchApp shadow     PORT [DELAY_MS]        the shadow: POST /predict answers small JSON, after DELAY_MS (async);
 *                                          GET /bench/received answers how many POSTs it received and resets it
 * BenchApp bomb       PORT [MIB]            a hostile shadow: POST /predict answers MIB MiB of zeros (default 1024) gzipped,
 *                                          about a thousandth of that on the wire, as application/json
 * BenchApp production PORT MODE [URL]     MODE: A no filter; F the least any copying filter does (FloorFilter), no mirror;
 *                                          N filter to a no-op target (N10: 10 % sampled); H filter to the
 *                                          HTTP shadow at URL (H8: with 8 mirror threads; -Dbench.queueCapacity=N sets H's
 *                                          queue-capacity); R filter to the Redis stream "mirror" at URL (redis://host:port),
 *                                          replayed to the shadow by MirrorReplayer
 * </pre>
 *
 * <p>Production serves {@code POST /predict} (reads the body, answers small JSON) and {@code GET
 * /bench/stats}: the mirror's outcome counts, the largest budget use seen, and the heap in use
 * after a GC, as one line of {@code key=value}.
 */
public final class BenchApp {
  private static final byte[] ANSWER =
      "{\"model\":\"v1\",\"prediction\":\"setosa\",\"scores\":[0.97,0.02,0.01]}"
          .getBytes(StandardCharsets.UTF_8);

  private BenchApp() {}

  public static void main(String[] args) throws Exception {
    String role = args[0];
    int port = Integer.parseInt(args[1]);
    Server server = new Server(port);
    ServletContextHandler context = new ServletContextHandler();
    if (role.equals("bomb")) {
      long mib = args.length > 2 ? Long.parseLong(args[2]) : 1024;
      context.addServlet(new ServletHolder(new Bomb(mib << 20)), "/predict");
    } else if (role.equals("shadow")) {
      long delayMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
      Predict predict = new Predict(delayMs);
      context.addServlet(new ServletHolder(predict), "/predict");
      context.addServlet(new ServletHolder(new Received(predict)), "/bench/received");
    } else {
      String mode = args[2];
      Mirror mirror = mirror(mode, args.length > 3 ? args[3] : "");
      context.addServlet(new ServletHolder(new Predict(0)), "/predict");
      context.addServlet(new ServletHolder(new Stats(mirror)), "/bench/stats");
      if (mirror != null) {
        context.addFilter(
            new FilterHolder(MirrorFilter.create(mirror)),
            "/predict",
            EnumSet.of(DispatcherType.REQUEST));
      } else if (mode.equals("F")) {
        context.addFilter(
            new FilterHolder(new FloorFilter()), "/predict", EnumSet.of(DispatcherType.REQUEST));
      }
    }
    server.setHandler(context);
    server.start();
    System.out.println("ready " + role + " " + port);
    server.join();
  }

  /**
   * The mirror of a mode: 100 % of POSTs (10 % for N10), to a no-op target (N) or over HTTP (H);
   * none for A.
   */
  static Mirror mirror(String mode, String shadowUrl) {
    MirrorConfig.Builder config = MirrorConfig.builder().methods(List.of("POST"));
    Mirror.Builder builder = Mirror.builder().openTelemetry(OpenTelemetry.noop());
    switch (mode) {
      case "A", "F" -> {
        return null;
      }
      case "N" -> builder.target("v2", (request, timeout) -> ShadowResponse.delivered());
      case "N10" -> {
        config.sampleRate(0.1);
        builder.target("v2", (request, timeout) -> ShadowResponse.delivered());
      }
      case "H" -> {
        TargetConfig.Builder target =
            TargetConfig.builder("v2").url(shadowUrl).timeout(Duration.ofSeconds(1));
        Integer queue = Integer.getInteger("bench.queueCapacity");
        if (queue != null) {
          target.queueCapacity(queue);
        }
        config.target(target.build());
      }
      case "H8" ->
          config.target(
              TargetConfig.builder("v2")
                  .url(shadowUrl)
                  .timeout(Duration.ofSeconds(1))
                  .threads(8)
                  .build());
      case "R" ->
          config.target(
              TargetConfig.builder("v2")
                  .type("redis-stream")
                  .setting("uri", shadowUrl)
                  .setting("stream", "mirror")
                  .setting("maxlen", "100000")
                  .timeout(Duration.ofSeconds(1))
                  .build());
      default ->
          throw new IllegalArgumentException("mode must be A, F, N, N10, H, H8 or R: " + mode);
    }
    return builder.config(config.build()).build();
  }

  /** POST /predict: reads the whole body, answers small JSON, optionally after a delay. */
  static final class Predict extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final long delayMs;
    private final AtomicLong received = new AtomicLong();
    private final transient ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor();

    Predict(long delayMs) {
      this.delayMs = delayMs;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      request.getInputStream().readAllBytes();
      received.incrementAndGet();
      if (delayMs <= 0) {
        answer(response);
        return;
      }
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      timer.schedule(
          () -> {
            try {
              answer((HttpServletResponse) async.getResponse());
            } catch (IOException e) {
              // The client went away: nothing to answer.
            } finally {
              async.complete();
            }
          },
          delayMs,
          TimeUnit.MILLISECONDS);
    }

    private static void answer(HttpServletResponse response) throws IOException {
      response.setStatus(200);
      response.setContentType("application/json");
      response.setContentLength(ANSWER.length);
      response.getOutputStream().write(ANSWER);
    }
  }

  /** POST /predict on the hostile shadow: a gzip bomb, computed once. */
  static final class Bomb extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final byte[] gzip;

    Bomb(long inflated) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] zeros = new byte[1 << 20];
      try (GZIPOutputStream zip = new GZIPOutputStream(out, 1 << 16)) {
        for (long left = inflated; left > 0; left -= zeros.length) {
          zip.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
      }
      this.gzip = out.toByteArray();
      System.out.println("bomb: " + gzip.length + " bytes on the wire, " + inflated + " inflated");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      request.getInputStream().readAllBytes();
      response.setStatus(200);
      response.setContentType("application/json");
      response.setHeader("Content-Encoding", "gzip");
      response.setContentLength(gzip.length);
      response.getOutputStream().write(gzip);
    }
  }

  /** GET /bench/received on the shadow: the POSTs received since the last call. */
  static final class Received extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Predict predict;

    Received(Predict predict) {
      this.predict = predict;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().println(predict.received.getAndSet(0));
    }
  }

  /** GET /bench/stats: outcome counts, peak budget use, heap after GC. */
  static final class Stats extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Mirror mirror;
    private final AtomicLong peakBuffered = new AtomicLong();

    Stats(Mirror mirror) {
      this.mirror = mirror;
      if (mirror != null) {
        Thread sampler =
            new Thread(
                () -> {
                  while (true) {
                    peakBuffered.accumulateAndGet(mirror.bufferedBytes(), Math::max);
                    try {
                      TimeUnit.MILLISECONDS.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                },
                "bench-budget-sampler");
        sampler.setDaemon(true);
        sampler.start();
      }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      StringBuilder line = new StringBuilder();
      if (mirror != null) {
        OutcomeCounts counts = mirror.outcomeCounts();
        line.append("sampled=").append(counts.total("v2"));
        for (OutcomeKind kind : OutcomeKind.values()) {
          line.append(' ').append(kind.label()).append('=').append(counts.get("v2", kind));
        }
        line.append(" peak_buffered=").append(peakBuffered.getAndSet(0));
        line.append(" budget=").append(mirror.config().maxBufferedBytes());
      }
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      line.append(String.format(Locale.ROOT, " heap_after_gc=%d", heap));
      response.setContentType("text/plain");
      response.getWriter().println(line.toString().trim());
    }
  }
}
