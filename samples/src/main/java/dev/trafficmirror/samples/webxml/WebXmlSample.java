package dev.trafficmirror.samples.webxml;

import java.net.URL;
import java.util.Objects;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A plain webapp configured only by its {@code WEB-INF/web.xml}: {@code MirrorFilter} and the
 * status servlet are declared there, with the shadow's URL overridden at deployment by the system
 * property {@code mirror.target.v2.url} (or the environment variable {@code MIRROR_TARGET_V2_URL}).
 *
 * <p>Usage: {@code java -Dmirror.target.v2.url=http://shadow:8080 ... WebXmlSample [PORT]}.
 */
public final class WebXmlSample {
  private WebXmlSample() {}

  /** Deploys the webapp on embedded Jetty at {@code port} (0: any free port). */
  public static Server start(int port) throws Exception {
    URL webapp =
        Objects.requireNonNull(
            WebXmlSample.class.getResource("/dev/trafficmirror/samples/webapp/"), "webapp");
    Server server = new Server(port);
    WebAppContext context = new WebAppContext();
    context.setContextPath("/");
    context.setWar(webapp.toExternalForm());
    context.setParentLoaderPriority(true);
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Returns the port {@code server} listens on. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public static void main(String[] args) throws Exception {
    Server server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println(
        "webapp at http://127.0.0.1:" + port(server) + "/predict, status at /mirror/status");
    server.join();
  }
}
