package dev.trafficmirror.jaxrs;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.core.MirrorConfig;
import dev.trafficmirror.jaxrs.internal.HeadRequests;
import dev.trafficmirror.jaxrs.internal.JerseyShutdown;
import dev.trafficmirror.jaxrs.internal.MethodSelection;
import dev.trafficmirror.jaxrs.internal.ResponseCapture;
import dev.trafficmirror.spi.InvalidConfigException;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Mirrors the requests of a Jakarta REST (JAX-RS 3.1) application to the shadow targets of a {@link
 * Mirror}.
 *
 * <p>Two ways to register it:
 *
 * <ul>
 *   <li><b>By class</b> ({@code register(MirrorFeature.class)}, {@code Application.getClasses()},
 *       or {@link Provider @Provider} scanning): the feature builds its own {@link Mirror} from the
 *       application's configuration properties, with the same {@code mirror.*} keys as every other
 *       adapter (parsed by {@link MirrorConfig#fromPropertiesWithOverrides}, so system properties
 *       {@code -Dmirror.*} and {@code MIRROR_*} environment variables override them). A bad key or
 *       value fails the application's start with an {@link InvalidConfigException} naming both. On
 *       Jersey the feature closes that mirror when the application shuts down; other runtimes offer
 *       no portable shutdown hook, so there use {@link #create(Mirror)} and close the mirror
 *       yourself.
 *   <li><b>By instance</b> ({@code register(MirrorFeature.create(mirror))}): for a mirror built in
 *       code; the feature never closes it.
 * </ul>
 *
 * <p>Requests the servlet filter has already captured (request property {@link
 * Mirror#CAPTURED_ATTRIBUTE} set) are left alone, and the feature sets that property on the
 * requests it captures, so each request is mirrored once. Use {@link Mirrored} to limit mirroring
 * to some resource methods. Requests that match no resource method (404, 405) are not mirrored.
 *
 * <p>Configuring the feature on a client ({@link RuntimeType#CLIENT}) does nothing. Instances are
 * immutable and thread-safe.
 */
@Provider
public final class MirrorFeature implements Feature {
  /**
   * Where the capture sits among the application's providers: request filters run in ascending
   * priority, so it sees the request before the application's own filters (which might read or
   * replace the entity); response filters run in descending priority, so it sees the final status
   * and headers; writer interceptors wrap in ascending priority, so it sees the bytes as they go to
   * the container, after any encoding interceptor.
   */
  private static final int PRIORITY = 500;

  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.jaxrs");

  private final @Nullable Mirror mirror;

  /**
   * Creates a feature that builds, owns and (on Jersey) closes a {@link Mirror} from the
   * application's {@code mirror.*} properties; for registration by class.
   */
  public MirrorFeature() {
    this.mirror = null;
  }

  private MirrorFeature(Mirror mirror) {
    this.mirror = mirror;
  }

  /**
   * Returns a feature that mirrors through {@code mirror}, a mirror built in code; the feature does
   * not close it.
   */
  public static MirrorFeature create(Mirror mirror) {
    return new MirrorFeature(Objects.requireNonNull(mirror, "mirror"));
  }

  /**
   * Registers the capture providers on a server runtime; does nothing on a client.
   *
   * @throws InvalidConfigException when the feature builds its own mirror and a {@code mirror.*}
   *     property is unknown or invalid, or no target is configured
   * @throws IllegalArgumentException when a {@link Mirrored#targets()} names an unknown target
   *     (raised while the runtime configures the resource methods)
   */
  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
      return false;
    }
    Mirror used = mirror != null ? mirror : ownMirror(context);
    context.register(new HeadRequests(), Map.of(ContainerRequestFilter.class, PRIORITY));
    context.register(new MethodSelection(used, PRIORITY));
    context.register(
        new ResponseCapture(),
        Map.of(ContainerResponseFilter.class, PRIORITY, WriterInterceptor.class, PRIORITY));
    return true;
  }

  private static Mirror ownMirror(FeatureContext context) {
    Map<String, String> properties = new HashMap<>();
    context
        .getConfiguration()
        .getProperties()
        .forEach(
            (key, value) -> {
              if (key.startsWith("mirror.") && value != null) {
                properties.put(key, String.valueOf(value));
              }
            });
    Mirror built =
        Mirror.builder().config(MirrorConfig.fromPropertiesWithOverrides(properties)).build();
    if (!JerseyShutdown.register(context, built)) {
      LOG.log(
          Level.WARNING,
          "MirrorFeature: this JAX-RS runtime has no shutdown hook the feature can use,"
              + " so the mirror it built is not closed with the application; register MirrorFeature.create(mirror)"
              + " and close the mirror yourself");
    }
    return built;
  }

  @Override
  public String toString() {
    return mirror == null ? "MirrorFeature(from properties)" : "MirrorFeature(" + mirror + ")";
  }
}
