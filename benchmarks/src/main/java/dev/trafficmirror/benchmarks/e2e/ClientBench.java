package dev.trafficmirror.benchmarks.e2e;

import com.sun.management.OperatingSystemMXBean;
import dev.trafficmirror.core.HttpShadowTarget;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.core.OutcomeCounts;
import dev.trafficmirror.core.TargetConfig;
import dev.trafficmirror.core.internal.http.HttpCall;
import dev.trafficmirror.core.internal.http.JettyClients;
import dev.trafficmirror.spi.AsyncShadowTarget;
import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.MirroredRequest;
import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.spi.ProductionResponse;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.ByteBufferRequestContent;

/**
 * The shadow call's client, measured alone: one JVM submits copies to a {@link Mirror} at a fixed
 * rate (the production side without a web server), through one of the clients, to the shadow at
 * URL, and prints the process's CPU per copy and the share of copies delivered.
 *
 * <pre>
 * ClientBench CLIENT URL RATE SECONDS     CLIENT: loop (the http target as shipped), jetty (Jetty's
 *                                         HttpClient, as the https target uses it), jdk (the JDK's
 *                                         HttpClient, asynchronous, on its own executor)
 * </pre>
 *
 * <p>The process's CPU includes the thread that paces the copies (the same for every client), so
 * compare the clients with each other within one run, not with the end-to-end figures.
 */
public final class ClientBench {
  private static final byte[] BODY =
      ("{\"features\":[5.1,3.5,1.4,0.2],\"pad\":\"" + "x".repeat(985) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] ANSWER =
      "{\"model\":\"v1\",\"prediction\":\"setosa\",\"scores\":[0.97,0.02,0.01]}"
          .getBytes(StandardCharsets.UTF_8);

  private ClientBench() {}

  public static void main(String[] args) throws Exception {
    String client = args[0];
    URI url = URI.create(args[1]);
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    ShadowTarget target =
        switch (client) {
          case "loop" -> HttpShadowTarget.builder(url).name("loop").build();
          case "jetty" -> new JettyTarget(url);
          case "jdk" -> new JdkTarget(url);
          default ->
              throw new IllegalArgumentException("client must be loop, jetty or jdk: " + client);
        };
    Mirror mirror =
        Mirror.builder()
            .config(
                MirrorConfig.builder()
                    .methods(List.of("POST"))
                    .target(TargetConfig.builder("v2").build())
                    .build())
            .target("v2", target)
            .openTelemetry(OpenTelemetry.noop())
            .build();
    // The first half warms up (JIT, connections); the second is measured.
    run(mirror, rate, seconds);
    OutcomeCounts before = mirror.outcomeCounts();
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long sent = run(mirror, rate, seconds);
    Thread.sleep(1000);
    long cpu = os.getProcessCpuTime() - cpu0;
    OutcomeCounts after = mirror.outcomeCounts();
    long delivered =
        after.get("v2", OutcomeKind.MATCH)
            - before.get("v2", OutcomeKind.MATCH)
            + after.get("v2", OutcomeKind.MISMATCH)
            - before.get("v2", OutcomeKind.MISMATCH);
    System.out.printf(
        Locale.ROOT,
        "client=%s rate=%d copies=%d delivered=%.2f%% cpu_us_per_copy=%.1f%n",
        client,
        rate,
        sent,
        100.0 * delivered / sent,
        cpu / 1000.0 / sent);
    mirror.close();
    System.exit(0);
  }

  private static long run(Mirror mirror, int rate, int seconds) {
    long period = 1_000_000_000L / rate;
    long n = (long) rate * seconds;
    long next = System.nanoTime();
    for (long i = 0; i < n; i++) {
      MirroredRequest request =
          mirror
              .adapterProtocol()
              .newRequest("POST", "/predict")
              .headers(
                  Headers.builder()
                      .add("Content-Type", "application/json")
                      .add("User-Agent", "bench")
                      .build())
              .body(Body.of(BODY))
              .build();
      mirror
          .adapterProtocol()
          .submit(
              request,
              ProductionResponse.builder(200)
                  .headers(Headers.builder().add("Content-Type", "application/json").build())
                  .body(Body.of(ANSWER))
                  .build());
      next += period;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    return n;
  }

  /** Jetty's HttpClient as the https target configures it, here over plain http. */
  static final class JettyTarget implements AsyncShadowTarget {
    private final URI base;
    private final org.eclipse.jetty.client.HttpClient client;

    JettyTarget(URI base) {
      this.base = base;
      this.client = JettyClients.start("jetty", 64, Duration.ofMillis(500));
    }

    @Override
    public CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout) {
      var call = client.newRequest(base.resolve(request.path())).method(request.method());
      call.headers(headers -> request.headers().forEach(headers::add));
      call.body(new ByteBufferRequestContent((String) null, request.body().asByteBuffer()));
      return HttpCall.send(call, 1 << 20);
    }

    @Override
    public void close() {
      JettyClients.stop(client);
    }
  }

  /**
   * The JDK's HttpClient, asynchronous, on an executor of two threads (the 0.1 target's set-up).
   */
  static final class JdkTarget implements AsyncShadowTarget {
    private final URI base;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient client;

    JdkTarget(URI base) {
      this.base = base;
      this.client =
          HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public CompletionStage<ShadowResponse> sendAsync(MirroredRequest request, Duration timeout) {
      HttpRequest.Builder call =
          HttpRequest.newBuilder(base.resolve(request.path()))
              .timeout(timeout)
              .method(
                  request.method(),
                  HttpRequest.BodyPublishers.ofByteArray(request.body().toByteArray()));
      request
          .headers()
          .forEach(
              (name, value) -> {
                try {
                  call.header(name, value);
                } catch (IllegalArgumentException restricted) {
                  // A header the JDK client sets itself.
                }
              });
      return client
          .sendAsync(call.build(), HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(r -> ShadowResponse.of(r.statusCode(), Headers.empty(), Body.of(r.body())));
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
