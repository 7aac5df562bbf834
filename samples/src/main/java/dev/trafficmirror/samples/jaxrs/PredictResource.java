package dev.trafficmirror.samples.jaxrs;

import dev.trafficmirror.jaxrs.Mirrored;
import dev.trafficmirror.samples.IrisModel;
import dev.trafficmirror.samples.PredictServlet;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.UUID;

/** The iris model as a Jakarta REST resource: only {@code predict} is mirrored. */
@Path("/")
public class PredictResource {

  /** Classifies one flower; mirrored ({@code @Mirrored}). */
  @POST
  @Path("predict")
  @Mirrored
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public String predict(byte[] body) throws IOException {
    double[] features = PredictServlet.features(new ByteArrayInputStream(body));
    return IrisModel.V1.predict(features).toJson(IrisModel.V1.name(), UUID.randomUUID().toString());
  }

  /**
   * Health check: not mirrored, because another method of the application carries
   * {@code @Mirrored}.
   */
  @GET
  @Path("health")
  @Produces(MediaType.TEXT_PLAIN)
  public String health() {
    return "ok";
  }
}
