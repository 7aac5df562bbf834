package dev.trafficmirror.jaxrs.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.testing.jaxrs.JaxrsMirrorSuite;
import dev.trafficmirror.testing.jaxrs.TestServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/**
 * The suite on Jersey 3.1 in embedded Jetty 12 ee10 (jersey-container-servlet-core), plus the case
 * only a servlet container has: a servlet request attribute {@link Mirror#CAPTURED_ATTRIBUTE} set by
 * a servlet filter is seen by the feature as a request property.
 */
class JerseyJettyIT extends JaxrsMirrorSuite {

  @Override
  protected TestServer start(Application app) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new CapturedByServletFilter());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder jersey = new ServletHolder(new ServletContainer(ResourceConfig.forApplication(app)));
    jersey.setAsyncSupported(true);
    context.addServlet(jersey, "/*");
    server.setHandler(context);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
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

  @Test
  void servletAttributeSetByServletFilter_featureStandsAside() throws Exception {
    Sent sent = sendBoth("POST", "echo/string", "text/plain", utf8("seen by the filter"), null, "X-Servlet-Captured", "yes");
    assertThat(sent.answer().text()).isEqualTo("got 18: seen by the filter");
    assertNotMirrored(sent);
  }

  /** Stands in for MirrorFilter: marks the requests it would have captured. */
  static final class CapturedByServletFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (((HttpServletRequest) request).getHeader("X-Servlet-Captured") != null) {
        request.setAttribute(Mirror.CAPTURED_ATTRIBUTE, "servlet");
      }
      chain.doFilter(request, response);
    }
  }
}
