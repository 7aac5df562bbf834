package dev.trafficmirror.testing.containers;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Starts embedded Jetty 12 with the ee10 (Servlet 6.0) environment. */
public final class JettyStarter implements ContainerStarter {

  @Override
  public String name() {
    return "jetty-12-ee10";
  }

  @Override
  public ServletContainer start(Deployment deployment) throws Exception {
    return start(context(deployment));
  }

  @Override
  public ServletContainer startWebapp(Path webappDir) throws Exception {
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(webappDir);
    // Servlets and the filter come from the test class path; @WebFilter/@WebServlet classes are
    // found by scanning WEB-INF/classes, as for a deployed war.
    webapp.setParentLoaderPriority(true);
    webapp.addConfiguration(new AnnotationConfiguration());
    webapp.setThrowUnavailableOnStartupException(true);
    return start(webapp);
  }

  @Override
  public Throwable startExpectingFailure(Deployment deployment) throws Exception {
    Server server = server(context(deployment));
    try {
      server.start();
    } catch (Exception e) {
      return e;
    } finally {
      server.stop();
    }
    throw new AssertionError("Jetty started although a component should have failed");
  }

  private static ServletContextHandler context(Deployment deployment) {
    ServletContextHandler context = new ServletContextHandler("/");
    // Tomcat's default maxPostSize (2 MiB) rather than Jetty's 200 000 bytes, so that both read the
    // suites' forms over mirror.max-body-bytes to their end: Jetty rejects a larger form with the
    // body mostly unsent, and a client still sending it may then lose the 400.
    context.setMaxFormContentSize(2 * 1024 * 1024);
    for (Deployment.ServletSpec spec : deployment.servlets()) {
      ServletHolder holder = new ServletHolder(spec.name(), spec.servlet());
      holder.setAsyncSupported(spec.asyncSupported());
      if (spec.multipartConfig() != null) {
        holder.getRegistration().setMultipartConfig(spec.multipartConfig());
      }
      spec.patterns().forEach(p -> context.addServlet(holder, p));
    }
    for (Deployment.FilterSpec spec : deployment.filters()) {
      FilterHolder holder =
          spec.instance() != null
              ? new FilterHolder(spec.instance())
              : new FilterHolder(spec.type());
      holder.setName(spec.name());
      holder.setAsyncSupported(true);
      spec.initParams().forEach(holder::setInitParameter);
      EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
      types.addAll(spec.dispatcherTypes());
      spec.patterns().forEach(p -> context.addFilter(holder, p, types));
    }
    deployment.listeners().forEach(context::addEventListener);
    if (!deployment.errorPages().isEmpty()) {
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      for (Deployment.ErrorPage page : deployment.errorPages()) {
        if (page.exceptionType() != null) {
          errors.addErrorPage(page.exceptionType(), page.location());
        } else {
          errors.addErrorPage(page.status(), page.location());
        }
      }
      context.setErrorHandler(errors);
    }
    return context;
  }

  private static Server server(Handler handler) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    return server;
  }

  private static ServletContainer start(Handler handler) throws Exception {
    Server server = server(handler);
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    URI base = URI.create("http://127.0.0.1:" + port);
    return new ServletContainer() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException("Jetty did not stop", e);
        }
      }

      @Override
      public String toString() {
        return "Jetty " + base;
      }
    };
  }
}
