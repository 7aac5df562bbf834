package dev.trafficmirror.core.internal;

import dev.trafficmirror.spi.Body;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a limit. Past the limit it keeps the first bytes, marks the body
 * incomplete and cancels the rest of the transfer (the connection is then not reused), so a huge
 * answer costs neither memory nor the time to read it.
 */
public final class BoundedBodySubscriber implements BodySubscriber<BoundedBodySubscriber.Result> {
  /** What was read: the body, or its first bytes. */
  public record Result(Body body, boolean complete) {}

  private final int limit;
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private byte[] buffer = new byte[0];
  private int size;
  private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

  /** Creates a subscriber keeping at most {@code limit} bytes. */
  public BoundedBodySubscriber(int limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<Result> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    Flow.Subscription s = subscription;
    if (s == null || result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      if (size + (long) n > limit) {
        append(item, limit - size);
        result.complete(new Result(Body.wrap(buffer, size), false));
        s.cancel();
        return;
      }
      append(item, n);
    }
    s.request(1);
  }

  private void append(ByteBuffer item, int n) {
    if (size + n > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(size + n, buffer.length * 2)));
    }
    item.get(buffer, size, n);
    size += n;
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(new Result(Body.wrap(buffer, size), true));
  }
}
