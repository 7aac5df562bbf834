package dev.trafficmirror.servlet.jetty;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.JettyStarter;
import dev.trafficmirror.testing.suites.CaptureEquivalenceProperties;

class JettyCaptureEquivalenceIT extends CaptureEquivalenceProperties {
  @Override
  protected ContainerStarter starter() {
    return new JettyStarter();
  }
}
