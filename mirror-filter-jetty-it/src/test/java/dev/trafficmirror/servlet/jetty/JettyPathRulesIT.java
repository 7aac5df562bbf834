package dev.trafficmirror.servlet.jetty;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.JettyStarter;
import dev.trafficmirror.testing.suites.PathRulesSuite;

class JettyPathRulesIT extends PathRulesSuite {
  @Override
  protected ContainerStarter starter() {
    return new JettyStarter();
  }
}
