package dev.trafficmirror.servlet.tomcat;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.TomcatStarter;
import dev.trafficmirror.testing.suites.CaptureEquivalenceProperties;

class TomcatCaptureEquivalenceIT extends CaptureEquivalenceProperties {
  @Override
  protected ContainerStarter starter() {
    return new TomcatStarter();
  }
}
