package dev.trafficmirror.jaxrs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trafficmirror.core.Mirror;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Start-up behaviour, on Jersey's application handler without a server. */
class MirrorFeatureTest {

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
    ResourceConfig config = new ResourceConfig(EchoResource.class)
        .register(MirrorFeature.class)
        .property("mirror.targets", "p")
        .property("mirror.target.p.type", "test-recording")
        .property("mirror.no-such-key", "oops");
    assertThatThrownBy(() -> new ApplicationHandler(config))
        .hasStackTraceContaining("mirror.no-such-key")
        .hasStackTraceContaining("oops");
  }

  @Test
  void byClass_noTarget_failsStart() {
    ResourceConfig config = new ResourceConfig(EchoResource.class).register(MirrorFeature.class);
    assertThatThrownBy(() -> new ApplicationHandler(config)).hasStackTraceContaining("mirror.targets");
  }

  @Test
  void mirroredNamingUnknownTarget_failsStartNamingMethodAndTarget() {
    try (Mirror mirror = Mirror.builder().config(JaxrsMirrorSuite.config("rec")).target("rec", new RecordingTarget()).build()) {
      ResourceConfig config = new ResourceConfig(UnknownTarget.class).register(MirrorFeature.create(mirror));
      assertThatThrownBy(() -> new ApplicationHandler(config))
          .hasStackTraceContaining("UnknownTarget#get")
          .hasStackTraceContaining("\"nope\"");
    }
  }

  @Test
  void create_requiresAMirror() {
    assertThatThrownBy(() -> MirrorFeature.create(null)).isInstanceOf(NullPointerException.class).hasMessage("mirror");
  }

  @Test
  void byInstance_startsWithoutAnyMirrorProperty() {
    try (Mirror mirror = Mirror.builder().config(JaxrsMirrorSuite.config("rec")).target("rec", new RecordingTarget()).build()) {
      assertThatCode(() -> new ApplicationHandler(new ResourceConfig(EchoResource.class).register(MirrorFeature.create(mirror))))
          .doesNotThrowAnyException();
    }
  }
}
