package dev.trafficmirror.jaxrs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.spi.ShadowResponse;
import dev.trafficmirror.spi.ShadowTarget;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Start-up behaviour, on Jersey's application handler without a server. */
class MirrorFeatureTest {
  private static final ShadowTarget DELIVERED = (request, timeout) -> ShadowResponse.delivered();

  @Path("ok")
  public static class Ok {
    @GET
    public String get() {
      return "ok";
    }
  }

  @Path("bad")
  public static class UnknownTarget {
    @GET
    @Mirrored(targets = "nope")
    public String get() {
      return "x";
    }
  }

  @Test
  void byClass_unknownMirrorProperty_failsStartNamingKeyAndValue() {
    ResourceConfig config =
        new ResourceConfig(Ok.class)
            .register(MirrorFeature.class)
            .property("mirror.targets", "p")
            .property("mirror.target.p.url", "http://127.0.0.1:9/")
            .property("mirror.no-such-key", "oops");
    assertThatThrownBy(() -> new ApplicationHandler(config))
        .hasStackTraceContaining("mirror.no-such-key")
        .hasStackTraceContaining("oops");
  }

  @Test
  void byClass_noTarget_failsStart() {
    ResourceConfig config = new ResourceConfig(Ok.class).register(MirrorFeature.class);
    assertThatThrownBy(() -> new ApplicationHandler(config))
        .hasStackTraceContaining("mirror.targets");
  }

  @Test
  void mirroredNamingUnknownTarget_failsStartNamingMethodAndTarget() {
    try (Mirror mirror = Mirror.builder().target("rec", DELIVERED).build()) {
      ResourceConfig config =
          new ResourceConfig(UnknownTarget.class).register(MirrorFeature.create(mirror));
      assertThatThrownBy(() -> new ApplicationHandler(config))
          .hasStackTraceContaining("UnknownTarget#get")
          .hasStackTraceContaining("\"nope\"");
    }
  }

  @Test
  void create_requiresAMirror() {
    assertThatThrownBy(() -> MirrorFeature.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mirror");
  }

  @Test
  void byInstance_startsWithoutAnyMirrorProperty() {
    try (Mirror mirror = Mirror.builder().target("rec", DELIVERED).build()) {
      assertThatCode(
              () ->
                  new ApplicationHandler(
                      new ResourceConfig(Ok.class).register(MirrorFeature.create(mirror))))
          .doesNotThrowAnyException();
    }
  }
}
