package dev.trafficmirror.servlet.tomcat;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.TomcatStarter;
import dev.trafficmirror.testing.suites.WebappDeploymentSuite;

class TomcatWebappDeploymentIT extends WebappDeploymentSuite {
  @Override
  protected ContainerStarter starter() {
    return new TomcatStarter();
  }
}
