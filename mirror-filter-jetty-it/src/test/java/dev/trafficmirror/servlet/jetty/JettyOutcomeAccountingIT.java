package dev.trafficmirror.servlet.jetty;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.JettyStarter;
import dev.trafficmirror.testing.suites.OutcomeAccountingSuite;

class JettyOutcomeAccountingIT extends OutcomeAccountingSuite {
  @Override
  protected ContainerStarter starter() {
    return new JettyStarter();
  }
}
