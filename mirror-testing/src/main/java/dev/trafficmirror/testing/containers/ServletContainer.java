package dev.trafficmirror.testing.containers;

import java.net.URI;

/** A started embedded container serving one web application on a loopback port. */
public interface ServletContainer extends AutoCloseable {

  /** Returns {@code http://127.0.0.1:<port>} without a trailing slash. */
  URI baseUri();

  /** Returns {@code baseUri() + path}. */
  default URI uri(String path) {
    return URI.create(baseUri() + path);
  }

  /** Stops the container. */
  @Override
  void close();
}
