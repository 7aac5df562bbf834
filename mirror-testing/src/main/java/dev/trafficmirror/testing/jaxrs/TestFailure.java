package dev.trafficmirror.testing.jaxrs;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An application exception carrying the status its {@link Mapper} answers with. */
public final class TestFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public TestFailure(int status) {
    super("failure " + status);
    this.status = status;
  }

  /** Maps a {@link TestFailure} to its status with a small JSON body. */
  @Provider
  public static final class Mapper implements ExceptionMapper<TestFailure> {
    @Override
    public Response toResponse(TestFailure failure) {
      return Response.status(failure.status)
          .type(MediaType.APPLICATION_JSON)
          .entity("{\"error\":" + failure.status + "}")
          .build();
    }
  }
}
