package dev.trafficmirror.samples;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorStatistics;
import dev.trafficmirror.core.TargetStatistics;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.servlet.MirrorStatusServlet;
import jakarta.servlet.DispatcherType;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo: a production iris service (model v1) with {@link MirrorFilter} registered the way a
 * user would, two shadows — a baseline running v1 again, which calibrates what is noise, and a
 * candidate running model v2 — a load generator replaying the iris data set, and a report read off
 * the library's own statistics.
 *
 * <p>Usage: {@code Demo [--serve] [--verbose] [--passes N] [--port P]}. Without {@code --serve} it
 * exits by itself when the report is printed; with it, everything keeps running for the status
 * page. Server logs (the candidate's crashes among them) are shown only with {@code --verbose}.
 */
public final class Demo {
  /** The tolerance the demo configures for model scores. */
  public static final String SCORE_TOLERANCE = "0.05";

  /** The candidate target's name. */
  public static final String CANDIDATE = "v2";

  /** The baseline target's name: production's own version (v1) once more. */
  public static final String BASELINE = "baseline";

  // Held so that the logger, and its level, outlive main's first statements.
  private static final Logger LIBRARY_LOG = Logger.getLogger("dev.trafficmirror");

  private Demo() {}

  /**
   * What the demo saw.
   *
   * @param sent requests sent to production
   * @param statuses production's status for each request, in order
   * @param bodies the request bodies, in order
   * @param statistics the mirror's statistics once every copy had its outcome
   * @param statusPage the status page's URL
   */
  public record Result(
      int sent, int[] statuses, List<String> bodies, MirrorStatistics statistics, URI statusPage) {}

  public static void main(String[] args) throws Exception {
    boolean serve = false;
    boolean verbose = false;
    int passes = 3;
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--serve" -> serve = true;
        case "--verbose" -> verbose = true;
        case "--passes" -> passes = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: Demo [--serve] [--verbose] [--passes N] [--port P]");
          System.exit(2);
        }
      }
    }
    quietLogs(verbose);
    PrintStream out = System.out;
    try (Services services = Services.start(port)) {
      Result result = run(services, passes, out, System.console() != null);
      Report.print(result, out);
      if (serve) {
        out.println();
        out.println("Serving until Ctrl-C: status page at " + result.statusPage());
        new CountDownLatch(1).await();
      }
    }
  }

  /**
   * Keeps the console to the demo's own output: Jetty's logging (which would print the candidate's
   * crash, stack trace and all, on every malformed request) and the library's start-up line are off
   * unless {@code verbose}. Must run before Jetty's first class loads.
   */
  private static void quietLogs(boolean verbose) {
    System.setProperty("org.eclipse.jetty.LEVEL", verbose ? "INFO" : "OFF");
    if (!verbose) {
      LIBRARY_LOG.setLevel(Level.OFF);
    }
  }

  /** Runs the load against running services and waits for every copy's outcome. */
  public static Result run(Services services, int passes, PrintStream out, boolean terminal)
      throws Exception {
    List<String> bodies = LoadGenerator.bodies(IrisData.load(), passes);
    out.println("Traffic Mirror demo");
    out.println("  production          (model v1): " + services.production().resolve("/predict"));
    out.println(
        "  shadow "
            + BASELINE
            + "     (model v1): "
            + services.baseline().resolve("/predict")
            + "  production's own version: calibrates noise");
    out.println(
        "  shadow "
            + CANDIDATE
            + " candidate (model v2): "
            + services.candidate().resolve("/predict"));
    out.println("  replaying the iris data set: " + bodies.size() + " requests");
    Mirror mirror = services.mirror();
    int[] statuses =
        new LoadGenerator(
                services.production().resolve("/predict"),
                4,
                out,
                terminal,
                () -> runningAgreement(mirror))
            .run(bodies);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((mirror.outcomeCounts().total(CANDIDATE) < bodies.size()
            || mirror.outcomeCounts().total(BASELINE) < bodies.size())
        && System.nanoTime() < deadline) {
      // The last copies are still on their way to the shadows; poll the library's own counts.
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return new Result(
        bodies.size(),
        statuses,
        bodies,
        mirror.statistics(),
        services.production().resolve("/mirror/status"));
  }

  private static String runningAgreement(Mirror mirror) {
    TargetStatistics v2 = v2(mirror.statistics());
    return Double.isNaN(v2.agreementRate())
        ? ""
        : String.format(
            Locale.ROOT,
            "v2 agreement %5.1f%% excluding noise (%.1f%% raw)",
            100 * v2.agreementRateExcludingNoise(),
            100 * v2.agreementRate());
  }

  /** The production, baseline and candidate services on embedded Jetty. */
  public static final class Services implements AutoCloseable {
    private final Server candidateServer;
    private final Server baselineServer;
    private final Server productionServer;
    private final ServletContextHandler productionContext;

    private Services(
        Server candidateServer,
        Server baselineServer,
        Server productionServer,
        ServletContextHandler productionContext) {
      this.candidateServer = candidateServer;
      this.baselineServer = baselineServer;
      this.productionServer = productionServer;
      this.productionContext = productionContext;
    }

    private static Server serve(PredictServlet servlet) throws Exception {
      Server server = new Server(0);
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(servlet), "/predict");
      server.setHandler(context);
      server.start();
      return server;
    }

    /** Starts the shadows on free ports and production on {@code port} (0: any free one). */
    public static Services start(int port) throws Exception {
      // Model v2 "thinks" about 2 ms longer and crashes on malformed input (answered as a 500).
      Server shadow = serve(new PredictServlet(IrisModel.V2, 2000, true));
      Server baseline = serve(new PredictServlet(IrisModel.V1, 0, false));

      Server production = new Server(port);
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(new PredictServlet(IrisModel.V1, 0, false)), "/predict");
      FilterHolder filter = new FilterHolder(MirrorFilter.class);
      // No ignore rule for /request_id: the baseline shows it differs on every call, as noise.
      Map.of(
              "mirror.methods",
              "POST",
              "mirror.targets",
              BASELINE + "," + CANDIDATE,
              "mirror.baseline",
              BASELINE,
              "mirror.target." + BASELINE + ".url",
              "http://127.0.0.1:" + port(baseline),
              "mirror.target." + CANDIDATE + ".url",
              "http://127.0.0.1:" + port(shadow),
              "mirror.compare.ignore",
              "/model",
              "mirror.compare.tolerance./scores",
              SCORE_TOLERANCE)
          .forEach(filter::setInitParameter);
      context.addFilter(filter, "/predict", EnumSet.of(DispatcherType.REQUEST));
      // The status page answers loopback clients only (mirror.status.allow-remote is false) and
      // shows
      // no bodies (mirror.status.show-bodies is false): browse it on this machine, at 127.0.0.1.
      context.addServlet(new ServletHolder(new MirrorStatusServlet()), "/mirror/status");
      production.setHandler(context);
      try {
        production.start();
      } catch (Exception e) {
        if (port == 0 || !(e instanceof BindException || e.getCause() instanceof BindException)) {
          shadow.stop();
          baseline.stop();
          throw e;
        }
        production.stop();
        shadow.stop();
        baseline.stop();
        System.out.println("  port " + port + " is taken; using a free one");
        return start(0);
      }
      return new Services(shadow, baseline, production, context);
    }

    private static int port(Server server) {
      return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Returns production's base URI. */
    public URI production() {
      return URI.create("http://127.0.0.1:" + port(productionServer));
    }

    /** Returns the candidate's (model v2) base URI. */
    public URI candidate() {
      return URI.create("http://127.0.0.1:" + port(candidateServer));
    }

    /** Returns the baseline's (model v1 again) base URI. */
    public URI baseline() {
      return URI.create("http://127.0.0.1:" + port(baselineServer));
    }

    /** Returns the mirror the filter built from its init-params. */
    public Mirror mirror() {
      return (Mirror)
          Objects.requireNonNull(
              productionContext.getServletContext().getAttribute(MirrorFilter.MIRROR_ATTRIBUTE),
              "the filter's mirror");
    }

    @Override
    public void close() {
      try {
        productionServer.stop();
        candidateServer.stop();
        baselineServer.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the demo's servers failed", e);
      }
    }
  }

  /** Returns the candidate's statistics. */
  static TargetStatistics v2(MirrorStatistics statistics) {
    return Objects.requireNonNull(statistics.target(CANDIDATE));
  }

  /** Returns the baseline's statistics. */
  static TargetStatistics baseline(MirrorStatistics statistics) {
    return Objects.requireNonNull(statistics.target(BASELINE));
  }
}
