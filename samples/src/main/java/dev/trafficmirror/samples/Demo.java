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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo: a production iris service (model v1) with {@link MirrorFilter} registered the way a
 * user would, a shadow service (model v2), a load generator replaying the iris data set, and a
 * report read off the library's own statistics.
 *
 * <p>Usage: {@code Demo [--serve] [--passes N] [--port P]}. Without {@code --serve} it exits by
 * itself when the report is printed; with it, everything keeps running for the status page.
 */
public final class Demo {
  /** The tolerance the demo configures for model scores. */
  public static final String SCORE_TOLERANCE = "0.05";

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
  public record Result(int sent, int[] statuses, List<String> bodies, MirrorStatistics statistics, URI statusPage) {}

  public static void main(String[] args) throws Exception {
    boolean serve = false;
    int passes = 3;
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--serve" -> serve = true;
        case "--passes" -> passes = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: Demo [--serve] [--passes N] [--port P]");
          System.exit(2);
        }
      }
    }
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

  /** Runs the load against running services and waits for every copy's outcome. */
  public static Result run(Services services, int passes, PrintStream out, boolean terminal) throws Exception {
    List<String> bodies = LoadGenerator.bodies(IrisData.load(), passes);
    out.println("Traffic Mirror demo");
    out.println("  production (model v1): " + services.production().resolve("/predict"));
    out.println("  shadow     (model v2): " + services.shadow().resolve("/predict"));
    out.println("  replaying the iris data set: " + bodies.size() + " requests");
    int[] statuses = new LoadGenerator(services.production().resolve("/predict"), 4, out, terminal).run(bodies);
    Mirror mirror = services.mirror();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (mirror.outcomeCounts().total("v2") < bodies.size() && System.nanoTime() < deadline) {
      // The last copies are still on their way to the shadow; poll the library's own counts.
      java.util.concurrent.TimeUnit.MILLISECONDS.sleep(20);
    }
    return new Result(bodies.size(), statuses, bodies, mirror.statistics(), services.production().resolve("/mirror/status"));
  }

  /** The production and shadow services on embedded Jetty. */
  public static final class Services implements AutoCloseable {
    private final Server shadowServer;
    private final Server productionServer;
    private final ServletContextHandler productionContext;

    private Services(Server shadowServer, Server productionServer, ServletContextHandler productionContext) {
      this.shadowServer = shadowServer;
      this.productionServer = productionServer;
      this.productionContext = productionContext;
    }

    /** Starts the shadow on a free port and production on {@code port} (0: any free one). */
    public static Services start(int port) throws Exception {
      Server shadow = new Server(0);
      ServletContextHandler shadowContext = new ServletContextHandler();
      // Model v2 "thinks" about 2 ms longer and crashes on malformed input.
      shadowContext.addServlet(new ServletHolder(new PredictServlet(IrisModel.V2, 2000, true)), "/predict");
      shadow.setHandler(shadowContext);
      shadow.start();

      Server production = new Server(port);
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(new PredictServlet(IrisModel.V1, 0, false)), "/predict");
      FilterHolder filter = new FilterHolder(MirrorFilter.class);
      Map.of(
              "mirror.methods", "POST",
              "mirror.targets", "v2",
              "mirror.target.v2.type", "http",
              "mirror.target.v2.url", "http://127.0.0.1:" + port(shadow),
              "mirror.compare.ignore", "/model,/request_id",
              "mirror.compare.tolerance./scores", SCORE_TOLERANCE)
          .forEach(filter::setInitParameter);
      context.addFilter(filter, "/predict", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new MirrorStatusServlet()), "/mirror/status");
      production.setHandler(context);
      try {
        production.start();
      } catch (Exception e) {
        if (port == 0 || !(e instanceof BindException || e.getCause() instanceof BindException)) {
          shadow.stop();
          throw e;
        }
        production.stop();
        System.out.println("  port " + port + " is taken; using a free one");
        return start(0);
      }
      return new Services(shadow, production, context);
    }

    private static int port(Server server) {
      return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Returns production's base URI. */
    public URI production() {
      return URI.create("http://127.0.0.1:" + port(productionServer));
    }

    /** Returns the shadow's base URI. */
    public URI shadow() {
      return URI.create("http://127.0.0.1:" + port(shadowServer));
    }

    /** Returns the mirror the filter built from its init-params. */
    public Mirror mirror() {
      return (Mirror) Objects.requireNonNull(
          productionContext.getServletContext().getAttribute(MirrorFilter.MIRROR_ATTRIBUTE), "the filter's mirror");
    }

    @Override
    public void close() {
      try {
        productionServer.stop();
        shadowServer.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the demo's servers failed", e);
      }
    }
  }

  /** Returns the one target's statistics. */
  static TargetStatistics v2(MirrorStatistics statistics) {
    return Objects.requireNonNull(statistics.target("v2"));
  }
}
