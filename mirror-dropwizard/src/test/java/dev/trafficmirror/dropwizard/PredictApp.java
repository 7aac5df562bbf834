package dev.trafficmirror.dropwizard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trafficmirror.testing.RecordingOutcomes;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** A Dropwizard application whose mirroring is the bundle and the configuration's mirror: block. */
public final class PredictApp extends Application<PredictApp.Config> {
  /** The outcomes of every test run, by test id. */
  static final RecordingOutcomes OUTCOMES = new RecordingOutcomes();

  final MirrorBundle<Config> bundle =
      MirrorBundle.create(Config::mirror, (config, builder) -> builder.listener(OUTCOMES));

  /** The configuration, with its mirror: block. */
  public static final class Config extends Configuration {
    @JsonProperty("mirror")
    private MirrorFactory mirror = new MirrorFactory();

    MirrorFactory mirror() {
      return mirror;
    }
  }

  @Override
  public void initialize(Bootstrap<Config> bootstrap) {
    bootstrap.addBundle(bundle);
  }

  @Override
  public void run(Config configuration, Environment environment) {
    environment.jersey().register(new Predict());
  }

  /** The application's one resource. */
  @Path("/predict")
  public static final class Predict {
    @POST
    @Consumes("application/json")
    @Produces("application/json")
    public String predict(String body) {
      return "{\"label\":\"cat\",\"bytes\":" + body.length() + "}";
    }
  }
}
