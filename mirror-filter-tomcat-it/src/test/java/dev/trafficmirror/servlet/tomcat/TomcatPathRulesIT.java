package dev.trafficmirror.servlet.tomcat;

import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.TomcatStarter;
import dev.trafficmirror.testing.suites.PathRulesSuite;

class TomcatPathRulesIT extends PathRulesSuite {
  @Override
  protected ContainerStarter starter() {
    return new TomcatStarter();
  }
}
