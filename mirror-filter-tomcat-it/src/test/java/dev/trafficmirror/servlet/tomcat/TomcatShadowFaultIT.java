package dev.trafficmirror.servlet.tomcat;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.TomcatStarter;
import dev.trafficmirror.testing.suites.ShadowFaultSuite;

class TomcatShadowFaultIT extends ShadowFaultSuite {
  @Override
  protected ContainerStarter starter() {
    return new TomcatStarter();
  }
}
