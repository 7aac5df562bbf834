package dev.trafficmirror.jaxrs.internal;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import dev.trafficmirror.spi.Body;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Captures production's response for a request that {@link RequestCapture} captured, and hands the
 * exchange over once production has completed: from the response filter when there is no entity
 * to write (204, HEAD, …), otherwise from the writer interceptor once the serialized entity has
 * been written through a {@link BoundedTee}. Runs for every response, including those built by
 * exception mappers and those of resumed {@code AsyncResponse}s and completed
 * {@code CompletionStage}s; a request with no exchange costs one property lookup. Stateless and
 * thread-safe.
 */
public final class ResponseCapture implements ContainerResponseFilter, WriterInterceptor {

  /** Creates the provider; one serves the whole application. */
  public ResponseCapture() {}

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(Exchange.PROPERTY) instanceof Exchange exchange)) {
      return;
    }
    try {
      exchange.responseStarted(response.getStatus(), response.getStringHeaders());
      if (!response.hasEntity() || HttpMethod.HEAD.equals(HeadRequests.method(request))) {
        exchange.submit(Body.empty(), true, null);
      }
    } catch (Throwable t) {
      Exchange.rethrowIfFatal(t);
      exchange.captureFailed();
    }
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (!(context.getProperty(Exchange.PROPERTY) instanceof Exchange exchange) || exchange.isFinished()) {
      context.proceed();
      return;
    }
    BoundedTee tee;
    try {
      OutputStream original = context.getOutputStream();
      tee = new BoundedTee(original, exchange.maxResponseBytes());
      context.setOutputStream(tee);
    } catch (Throwable t) {
      Exchange.rethrowIfFatal(t);
      exchange.captureFailed();
      context.proceed();
      return;
    }
    try {
      context.proceed();
    } catch (IOException | RuntimeException e) {
      // Production's failure propagates unchanged; the copy records it and does not judge the body.
      exchange.submit(tee.body(), false, e);
      throw e;
    }
    exchange.submit(tee.body(), tee.complete(), null);
  }
}
