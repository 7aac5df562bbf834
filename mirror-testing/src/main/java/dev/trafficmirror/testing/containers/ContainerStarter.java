package dev.trafficmirror.testing.containers;

import java.nio.file.Path;

/**
 * Starts embedded containers of one kind. The suites are written against this interface and run on
 * each container by a small subclass that supplies its starter.
 */
public interface ContainerStarter {

  /** Returns the container's name for test reports, for example {@code jetty-12}. */
  String name();

  /** Starts a container serving {@code deployment} at the root context on a loopback port 0. */
  ServletContainer start(Deployment deployment) throws Exception;

  /**
   * Starts a container serving the exploded web application in {@code webappDir} (its {@code
   * WEB-INF/web.xml} and the annotated classes in {@code WEB-INF/classes} are read the way the
   * container reads a deployed war); classes not in the webapp come from the test class path.
   */
  ServletContainer startWebapp(Path webappDir) throws Exception;

  /**
   * Starts {@code deployment} expecting its start to fail, and returns what failed (the exception
   * the container reported for the failing component).
   *
   * @throws AssertionError when the start succeeded
   */
  Throwable startExpectingFailure(Deployment deployment) throws Exception;
}
