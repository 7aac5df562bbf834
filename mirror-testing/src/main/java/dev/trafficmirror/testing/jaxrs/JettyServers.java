package dev.trafficmirror.testing.jaxrs;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 ee10 for the servlet-container runs of the JAX-RS suite: a loopback port, the
 * suite's servlet filter on every request, and the runtime's servlet on {@code /*}. A class of its
 * own, so that runs without a servlet container never load it.
 */
public final class JettyServers {
  private JettyServers() {}

  /**
   * Starts Jetty with {@code filter} and {@code runtime} (async supported) on {@code /*}, after
   * {@code configure} has set up the context (for example an attribute the runtime reads).
   */
  public static TestServer start(
      Filter filter, ServletHolder runtime, Consumer<ServletContextHandler> configure)
      throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    configure.accept(context);
    runtime.setAsyncSupported(true);
    context.addServlet(runtime, "/*");
    server.setHandler(context);
    server.start();
    URI base =
        URI.create(
            "http://127.0.0.1:"
                + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/");
    return new TestServer() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void stop() throws Exception {
        server.stop();
      }
    };
  }
}
