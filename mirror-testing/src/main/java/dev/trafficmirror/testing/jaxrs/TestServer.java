package dev.trafficmirror.testing.jaxrs;

import java.net.URI;

/** A started JAX-RS runtime serving one application on a loopback port. */
public interface TestServer {

  /** Returns the base URI, ending with {@code /}. */
  URI baseUri();

  /**
   * Stops the server and the application (which closes a feature-owned mirror on Jersey, not on
   * RESTEasy).
   */
  void stop() throws Exception;
}
