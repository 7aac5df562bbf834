package dev.trafficmirror.servlet.jetty;

import dev.trafficmirror.spi.OutcomeKind;
import dev.trafficmirror.testing.containers.ContainerStarter;
import dev.trafficmirror.testing.containers.JettyStarter;
import dev.trafficmirror.testing.suites.FilterTransparencySuite;

class JettyFilterTransparencyIT extends FilterTransparencySuite {
  @Override
  protected ContainerStarter starter() {
    return new JettyStarter();
  }

  /**
   * Jetty 12 reports a malformed chunk to the application as {@code HttpEofException: Early EOF},
   * exactly as a client that went away mid-body, with no cause that tells them apart: the copy is
   * counted as a client abort there (Tomcat's {@code BadRequestException} is told apart).
   */
  @Override
  protected OutcomeKind malformedBodyKind() {
    return OutcomeKind.SKIPPED_CLIENT_ABORT;
  }
}
