package dev.trafficmirror.samples.jaxrs;

import dev.trafficmirror.jaxrs.MirrorFeature;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The JAX-RS route: a Jersey application with {@link MirrorFeature} registered by class and
 * configured by the application's properties, and {@code @Mirrored} on the one method to mirror.
 *
 * <p>Usage: {@code JaxrsSample SHADOW_URL [PORT]}.
 */
public final class JaxrsSample {
  private JaxrsSample() {}

  /** Returns the Jersey application mirroring {@code POST /predict} to {@code shadowUrl}. */
  public static ResourceConfig application(String shadowUrl) {
    return new ResourceConfig()
        .register(PredictResource.class)
        .register(MirrorFeature.class)
        .property("mirror.methods", "POST")
        .property("mirror.targets", "v2")
        .property("mirror.target.v2.url", shadowUrl)
        .property("mirror.compare.ignore", "/model,/request_id");
  }

  /** Starts the application on embedded Jetty at {@code port} (0: any free port). */
  public static Server start(int port, String shadowUrl) throws Exception {
    Server server = new Server(port);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new ServletContainer(application(shadowUrl))), "/*");
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Returns the port {@code server} listens on. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public static void main(String[] args) throws Exception {
    Server server = start(args.length > 1 ? Integer.parseInt(args[1]) : 8080, args[0]);
    System.out.println(
        "POST http://127.0.0.1:" + port(server) + "/predict is mirrored to " + args[0]);
    server.join();
  }
}
