package dev.trafficmirror.core.internal.http;

import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Makes the Jetty {@link HttpClient} of one http target: a transparent HTTP/1.1 client (no cookies,
 * redirects, authentication, decoding or default headers of its own) with one selector thread that
 * reads answers itself, and a few daemon threads for connecting.
 */
public final class JettyClients {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror");

  /** Threads for the selector and for connecting; answers are read on the selector itself. */
  private static final int MAX_THREADS = 4;

  /** Pooled connections left unused this long are closed. */
  private static final long IDLE_TIMEOUT_MS = 60_000;

  private JettyClients() {}

  /**
   * Returns a started client keeping at most {@code maxConnections} connections.
   *
   * @throws IllegalStateException when it cannot be started
   */
  public static HttpClient start(String name, int maxConnections, Duration connectTimeout) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 1);
    threads.setName("mirror-http-" + name);
    threads.setDaemon(true);
    // No reserved threads: they would wake up to look for work that the selector does itself.
    threads.setReservedThreads(0);
    ClientConnector connector = new ClientConnector();
    connector.setSelectors(1);
    connector.setExecutor(threads);
    connector.setScheduler(
        new ScheduledExecutorScheduler("mirror-http-" + name + "-scheduler", true));
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
    readAnswersOnSelector(transport);
    HttpClient client = new HttpClient(transport);
    client.setExecutor(threads);
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setMaxRequestsQueuedPerDestination(maxConnections);
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setIdleTimeout(IDLE_TIMEOUT_MS);
    client.setFollowRedirects(false);
    client.setUserAgentField(null);
    client.setDefaultRequestContentType(null);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    // No redirect, authentication, 100-continue or upgrade handling: every answer goes as it came.
    client.getProtocolHandlers().clear();
    try {
      client.start();
    } catch (Exception e) {
      stop(client);
      throw new IllegalStateException(
          "could not start the HTTP client of target " + name + ": " + e, e);
    }
    // Neither Accept-Encoding of the client's own nor decoding: the shadow sees production's
    // request.
    clearContentDecoders(client);
    return client;
  }

  /**
   * Lets the selector thread run the response listeners (they only copy bytes and hand the answer
   * over) instead of waking a pool thread for every answer. Through reflection, so that the library
   * also runs on the Jetty 12.0 that Spring Boot 3.5 manages; where the setter is missing, answers
   * are read on the pool, which costs a thread hand-off each.
   */
  private static void readAnswersOnSelector(HttpClientTransportOverHTTP transport) {
    try {
      transport
          .getClass()
          .getMethod("setInvocationType", Invocable.InvocationType.class)
          .invoke(transport, Invocable.InvocationType.NON_BLOCKING);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "This Jetty client cannot read answers on its selector thread",
          e);
    }
  }

  /**
   * Removes the gzip decoding the client adds by default. Through reflection, because the type of
   * {@code getContentDecoderFactories()} changed within Jetty 12 (a set in 12.0, its own class in
   * 12.1); both have {@code clear()}.
   */
  private static void clearContentDecoders(HttpClient client) {
    try {
      Object factories = HttpClient.class.getMethod("getContentDecoderFactories").invoke(client);
      factories.getClass().getMethod("clear").invoke(factories);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "could not turn off response decoding in this Jetty client", e);
    }
  }

  /** Stops the client: closes its connections and ends its threads. Never throws. */
  public static void stop(HttpClient client) {
    try {
      client.stop();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Stopping an HTTP shadow client failed", e);
    }
    try {
      if (client.getExecutor() instanceof QueuedThreadPool pool) {
        pool.stop();
      }
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Stopping an HTTP shadow client's threads failed", e);
    }
  }
}
