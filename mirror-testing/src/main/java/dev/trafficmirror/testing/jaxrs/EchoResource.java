package dev.trafficmirror.testing.jaxrs;

import dev.trafficmirror.testing.Bodies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Every way a resource reads an entity and answers, for the shared suite. */
@Path("echo")
public class EchoResource {
  /** Completes async resources on a thread other than the request's. */
  static final ExecutorService ASYNC =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "test-async");
            t.setDaemon(true);
            return t;
          });

  @POST
  @Path("pojo")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Greeting pojo(Greeting in) {
    return new Greeting("Hello " + in.name());
  }

  @POST
  @Path("string")
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public String string(String text) {
    return "got " + text.length() + ": " + text;
  }

  @PUT
  @Path("string")
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public String putString(String text) {
    return string(text);
  }

  @POST
  @Path("bytes")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public byte[] bytes(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }

  @POST
  @Path("stream")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.TEXT_PLAIN)
  public String stream(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    return "length=" + all.length + " sha256=" + Bodies.sha256(all);
  }

  @POST
  @Path("form")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_PLAIN)
  public String form(@FormParam("a") String a, @FormParam("b") String b) {
    return "a=" + a + ";b=" + b;
  }

  @POST
  @Path("form-ignored")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_PLAIN)
  public String formIgnored() {
    return "ignored";
  }

  @GET
  @Path("plain")
  @Produces(MediaType.TEXT_PLAIN)
  public String plain(@QueryParam("x") String x) {
    return "x=" + x;
  }

  @GET
  @Path("custom")
  @Produces(MediaType.TEXT_PLAIN)
  public Response custom() {
    return Response.status(201)
        .header("X-Custom", "one")
        .header("X-Custom", "two")
        .entity("created")
        .build();
  }

  @GET
  @Path("big")
  @Produces(MediaType.TEXT_PLAIN)
  public String big() {
    return "0123456789".repeat(500);
  }

  @DELETE
  @Path("item/{id}")
  public void delete(@PathParam("id") String id) {
    // 204 No Content
  }

  @GET
  @Path("fail")
  @Produces(MediaType.APPLICATION_JSON)
  public String fail(@QueryParam("status") int status) {
    throw new TestFailure(status);
  }

  @GET
  @Path("unmapped")
  @Produces(MediaType.TEXT_PLAIN)
  public String unmapped() {
    throw new IllegalStateException("no mapper for this");
  }

  @GET
  @Path("async")
  @Produces(MediaType.TEXT_PLAIN)
  public void async(@Suspended AsyncResponse response) {
    ASYNC.execute(() -> response.resume("resumed on " + Thread.currentThread().getName()));
  }

  @GET
  @Path("stage")
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<String> stage() {
    return CompletableFuture.supplyAsync(
        () -> "completed on " + Thread.currentThread().getName(), ASYNC);
  }
}
