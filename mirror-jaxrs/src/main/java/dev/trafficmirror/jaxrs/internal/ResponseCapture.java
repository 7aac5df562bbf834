package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.spi.Body;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Captures production's response for a request that {@link RequestCapture} captured, and hands the
 * call over once production has completed: from the response filter when there is no entity to
 * write (204, HEAD, …), otherwise from the writer interceptor once the serialized entity has been
 * written through a {@link BoundedTee}. Runs for every response, including those built by exception
 * mappers and those of resumed {@code AsyncResponse}s and completed {@code CompletionStage}s; a
 * request with no call costs one property lookup. Stateless and thread-safe.
 */
public final class ResponseCapture implements ContainerResponseFilter, WriterInterceptor {

  /** Creates the provider; one serves the whole application. */
  public ResponseCapture() {}

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(CapturedCall.PROPERTY) instanceof CapturedCall call)) {
      return;
    }
    try {
      call.responseStarted(response.getStatus(), response.getStringHeaders());
      if (!response.hasEntity() || HttpMethod.HEAD.equals(HeadRequests.method(request))) {
        call.submit(Body.empty(), true, null);
      }
    } catch (Throwable t) {
      call.captureFailed(t);
    }
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (!(context.getProperty(CapturedCall.PROPERTY) instanceof CapturedCall call)
        || call.isFinished()) {
      context.proceed();
      return;
    }
    BoundedTee tee;
    try {
      OutputStream original = context.getOutputStream();
      tee = new BoundedTee(original, call.maxResponseBytes());
      context.setOutputStream(tee);
    } catch (Throwable t) {
      call.captureFailed(t);
      context.proceed();
      return;
    }
    try {
      context.proceed();
    } catch (IOException | RuntimeException e) {
      // Production's failure propagates unchanged; the copy records it and does not judge the body.
      call.submit(tee.body(), false, e);
      throw e;
    }
    call.submit(tee.body(), tee.complete(), null);
  }
}
