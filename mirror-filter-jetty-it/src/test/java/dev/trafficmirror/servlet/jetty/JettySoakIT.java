package dev.trafficmirror.servlet.jetty;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.JettyStarter;
import dev.trafficmirror.testing.suites.SoakSuite;

class JettySoakIT extends SoakSuite {
  @Override
  protected ContainerStarter starter() {
    return new JettyStarter();
  }
}
