package dev.trafficmirror.dropwizard;

import com.codahale.metrics.health.HealthCheck;
import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.servlet.MirrorFilter;
import dev.trafficmirror.servlet.MirrorRequestListener;
import dev.trafficmirror.servlet.MirrorStatusServlet;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Mirrors a Dropwizard application's requests: reads the {@link MirrorFactory} {@code mirror:}
 * block of the configuration, builds the {@link Mirror}, registers {@link MirrorFilter} on the
 * application's servlets (so requests are captured before Jersey, error pages included) with {@link
 * MirrorRequestListener}, closes the mirror when the server stops, and adds to the admin port the
 * status page ({@code /mirror}, {@code ?format=json} for JSON) and the health check {@code mirror}.
 *
 * <pre>{@code
 * bootstrap.addBundle(MirrorBundle.create(AppConfiguration::getMirror));
 * }</pre>
 *
 * <p>One bundle serves one application; {@link #mirror()} returns its mirror once the application
 * runs. Thread-safe after {@code run}.
 *
 * @param <C> the application's configuration type
 */
public final class MirrorBundle<C extends Configuration> implements ConfiguredBundle<C> {
  private final Function<C, MirrorFactory> factory;
  private final BiConsumer<C, Mirror.Builder> customizer;
  private volatile @Nullable Mirror mirror;

  private MirrorBundle(
      Function<C, MirrorFactory> factory, BiConsumer<C, Mirror.Builder> customizer) {
    this.factory = factory;
    this.customizer = customizer;
  }

  /** Returns a bundle that reads the {@code mirror:} block {@code factory} returns. */
  public static <C extends Configuration> MirrorBundle<C> create(
      Function<C, MirrorFactory> factory) {
    return create(factory, (configuration, builder) -> {});
  }

  /**
   * Returns a bundle that reads the {@code mirror:} block {@code factory} returns and lets {@code
   * customizer} add to the mirror's builder (targets in code, listeners, a comparator,
   * OpenTelemetry) before it is built.
   */
  public static <C extends Configuration> MirrorBundle<C> create(
      Function<C, MirrorFactory> factory, BiConsumer<C, Mirror.Builder> customizer) {
    return new MirrorBundle<>(
        Objects.requireNonNull(factory, "factory"),
        Objects.requireNonNull(customizer, "customizer"));
  }

  /**
   * Builds the mirror and registers the filter, the listener, its closing, the status page and the
   * health check.
   *
   * @throws dev.trafficmirror.spi.InvalidConfigException when the block is invalid; the message
   *     names the key and the value
   */
  @Override
  public void run(C configuration, Environment environment) {
    MirrorFactory block = Objects.requireNonNull(factory.apply(configuration), "the mirror: block");
    Mirror.Builder builder = Mirror.builder().config(block.config());
    customizer.accept(configuration, builder);
    Mirror built = builder.build();
    mirror = built;
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void stop() {
                built.close();
              }
            });
    FilterRegistration.Dynamic filter =
        environment.servlets().addFilter("mirror", MirrorFilter.create(built));
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR),
        false,
        block.urlPatterns().toArray(String[]::new));
    environment.servlets().addServletListeners(new MirrorRequestListener());
    environment
        .admin()
        .addServlet("mirror", MirrorStatusServlet.create(built))
        .addMapping(block.statusPath());
    environment.healthChecks().register("mirror", new MirrorHealthCheck(built));
  }

  /**
   * Returns the mirror the bundle built.
   *
   * @throws IllegalStateException before the application runs
   */
  public Mirror mirror() {
    Mirror m = mirror;
    if (m == null) {
      throw new IllegalStateException("The mirror is built when the application runs");
    }
    return m;
  }

  /**
   * Healthy whatever the mirror does: mirroring never makes the application unhealthy; the message
   * says what it does.
   */
  private static final class MirrorHealthCheck extends HealthCheck {
    private final Mirror mirror;

    MirrorHealthCheck(Mirror mirror) {
      this.mirror = mirror;
    }

    @Override
    protected Result check() {
      ResultBuilder result =
          Result.builder()
              .healthy()
              .withMessage(mirror.config().enabled() ? "mirroring" : "mirror.enabled is false")
              .withDetail("bufferedBytes", mirror.bufferedBytes())
              .withDetail("maxBufferedBytes", mirror.config().maxBufferedBytes());
      for (String target : mirror.config().targets().keySet()) {
        result.withDetail("target." + target + ".outcomes", mirror.outcomeCounts().total(target));
      }
      return result.build();
    }
  }

  @Override
  public String toString() {
    return "MirrorBundle[" + mirror + "]";
  }
}
