package dev.trafficmirror.testing.jaxrs;

import dev.trafficmirror.jaxrs.Mirrored;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Resources for the {@link Mirrored} cases; the suite's mirror has targets {@code rec} and {@code
 * other}.
 */
public final class SelectiveResources {
  private SelectiveResources() {}

  /** Mirrored per method. */
  @Path("sel")
  @Produces(MediaType.TEXT_PLAIN)
  public static class PerMethod {
    @GET
    @Path("on")
    @Mirrored
    public String on() {
      return "on";
    }

    @GET
    @Path("off")
    public String off() {
      return "off";
    }

    @GET
    @Path("all-targets")
    @Mirrored(targets = {"rec", "other"})
    public String allTargets() {
      return "all";
    }

    @GET
    @Path("some-targets")
    @Mirrored(targets = "rec")
    public String someTargets() {
      return "some";
    }
  }

  /** Mirrored for every method of the class. */
  @Path("selc")
  @Produces(MediaType.TEXT_PLAIN)
  @Mirrored
  public static class PerClass {
    @GET
    public String get() {
      return "class";
    }
  }
}
