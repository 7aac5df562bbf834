package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.spi.Body;
import dev.trafficmirror.spi.Headers;
import dev.trafficmirror.spi.ShadowResponse;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;

/**
 * One HTTP call of the http target, and the stage it completes: keeps at most {@code limit} bytes
 * of the answer's body (growing its buffer with the bytes that arrive, never from the declared
 * length), aborts the call past the limit (the first bytes are kept and marked incomplete) or when
 * the stage is cancelled. Its listener methods run on the client's selector thread: they only copy
 * bytes and complete the stage.
 */
public final class HttpCall extends CompletableFuture<ShadowResponse>
    implements Response.Listener, Request.CommitListener {
  private static final int FIRST_BUFFER = 512;

  private final Request request;
  private final int limit;
  private byte[] buffer = new byte[0];
  private int size;
  private volatile boolean committed;
  private volatile boolean truncated;

  private HttpCall(Request request, int limit) {
    this.request = request;
    this.limit = limit;
  }

  /** Sends {@code request} and returns the stage its answer completes. */
  public static HttpCall send(Request request, int limit) {
    HttpCall call = new HttpCall(request, limit);
    request.onRequestCommit(call);
    request.send(call);
    return call;
  }

  @Override
  public void onCommit(Request request) {
    committed = true;
  }

  @Override
  public void onContent(Response response, ByteBuffer content) {
    if (truncated) {
      return;
    }
    int n = content.remaining();
    if (size + (long) n > limit) {
      append(content, limit - size);
      truncated = true;
      // The rest is not read: the connection is closed, and the first bytes are the answer.
      // Whether the abort won a race with the answer's end does not matter: onComplete follows.
      var unused = response.abort(new BodyLimitReached());
      return;
    }
    append(content, n);
  }

  private void append(ByteBuffer content, int n) {
    if (n <= 0) {
      return;
    }
    if (size + n > buffer.length) {
      int grown = Math.max(size + n, Math.max(FIRST_BUFFER, buffer.length * 2));
      buffer = Arrays.copyOf(buffer, Math.min(limit, grown));
    }
    content.get(buffer, size, n);
    size += n;
  }

  @Override
  public void onComplete(Result result) {
    Response response = result.getResponse();
    if (truncated) {
      complete(
          ShadowResponse.of(
              response.getStatus(), headers(response), Body.wrap(buffer, size), false));
    } else if (result.isFailed()) {
      completeExceptionally(failure(result.getFailure()));
    } else {
      complete(
          ShadowResponse.of(
              response.getStatus(), headers(response), Body.wrap(buffer, size), true));
    }
  }

  /**
   * Says why a call that never got its request out failed as the engine understands it: a connect
   * timeout as {@link HttpConnectTimeoutException}, so that the target is paused.
   */
  private Throwable failure(Throwable failure) {
    if (committed
        || failure instanceof CancellationException
        || failure instanceof ConnectException) {
      return failure;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        HttpConnectTimeoutException connect =
            new HttpConnectTimeoutException(
                "could not connect to "
                    + request.getHost()
                    + ":"
                    + request.getPort()
                    + " in time ("
                    + t.getMessage()
                    + ")");
        connect.initCause(failure);
        return connect;
      }
    }
    return failure;
  }

  private static Headers headers(Response response) {
    Headers.Builder headers = Headers.builder();
    for (HttpField field : response.getHeaders()) {
      headers.add(field.getName(), field.getValue());
    }
    return headers.build();
  }

  /** Cancels the stage and aborts the call, closing its connection. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      // The stage is settled already; the abort only closes the connection.
      var unused = request.abort(new CancellationException("cancelled at the mirror's deadline"));
    }
    return cancelled;
  }

  /** Ends the reading of an answer past the limit; never escapes. */
  private static final class BodyLimitReached extends Exception {
    private static final long serialVersionUID = 1L;

    BodyLimitReached() {
      super("response body over the limit", null, false, false);
    }
  }

  @Override
  public String toString() {
    return "HttpCall[" + request.getMethod() + " " + request.getURI() + "]";
  }
}
