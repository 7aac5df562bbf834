package dev.trafficmirror.redis.internal;

import dev.trafficmirror.spi.ShadowResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.XAddParams;

/**
 * Appends records to one Redis stream in pipelined batches: callers queue a record and return; one
 * thread takes everything queued once a millisecond and sends it as one pipeline ({@code XADD}s,
 * one round trip), then completes each record's stage. At 2000 copies a second that is one round
 * trip and one wake-up for two appends, where an append per call would pay a round trip each and
 * hold a thread while it waits. Thread-safe.
 */
public final class StreamAppender {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror");
  private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int TICKS_BEFORE_IDLE = 200;

  /** The most records in one pipeline. */
  static final int MAX_BATCH = 512;

  private final byte[] streamKey;
  private final XAddParams params;
  private final Supplier<RedisClient> client;
  private final ConcurrentLinkedQueue<Append> queued = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** One record waiting to be appended, and the stage its append completes. */
  private static final class Append extends CompletableFuture<ShadowResponse> {
    final Map<byte[], byte[]> record;

    Append(Map<byte[], byte[]> record) {
      this.record = record;
    }
  }

  /**
   * Starts the appender's thread; {@code client} is asked for the connection pool on each batch.
   */
  public StreamAppender(
      String name, byte[] streamKey, XAddParams params, Supplier<RedisClient> client) {
    this.streamKey = streamKey.clone();
    this.params = params;
    this.client = client;
    this.thread = new Thread(this::run, "mirror-redis-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a record; never blocks. The stage completes with {@link ShadowResponse#delivered()}. */
  public CompletableFuture<ShadowResponse> append(Map<byte[], byte[]> record) {
    Append append = new Append(record);
    if (closed) {
      append.completeExceptionally(new IOException("the redis-stream target is closed"));
      return append;
    }
    queued.offer(append);
    if (closed && queued.remove(append)) {
      append.completeExceptionally(new IOException("the redis-stream target is closed"));
    }
    return append;
  }

  /** Stops taking records, fails what is still queued, and ends the thread. */
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IOException closedError = new IOException("the redis-stream target is closed");
    for (Append append; (append = queued.poll()) != null; ) {
      append.completeExceptionally(closedError);
    }
  }

  private void run() {
    int quiet = 0;
    List<Append> batch = new ArrayList<>(MAX_BATCH);
    while (!closed) {
      for (Append append; batch.size() < MAX_BATCH && (append = queued.poll()) != null; ) {
        // A record whose deadline passed while it waited is not appended at all.
        if (!append.isDone()) {
          batch.add(append);
        }
      }
      if (batch.isEmpty()) {
        quiet++;
        LockSupport.parkNanos(this, quiet < TICKS_BEFORE_IDLE ? BUSY_PARK_NANOS : IDLE_PARK_NANOS);
        continue;
      }
      quiet = 0;
      try {
        send(batch);
      } catch (Throwable t) {
        // send completed every record of the batch; the thread goes on after anything but a
        // VirtualMachineError.
        if (t instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        LOG.log(
            System.Logger.Level.WARNING,
            "Appending to the Redis stream failed once; it goes on",
            t);
      }
      batch.clear();
      if (queued.isEmpty()) {
        LockSupport.parkNanos(this, BUSY_PARK_NANOS);
      }
    }
  }

  private void send(List<Append> batch) {
    List<Response<byte[]>> replies = new ArrayList<>(batch.size());
    try (AbstractPipeline pipeline = client.get().pipelined()) {
      for (Append append : batch) {
        replies.add(pipeline.xadd(streamKey, params, append.record));
      }
      pipeline.sync();
    } catch (RuntimeException e) {
      Exception failure = RedisClients.classify(e);
      for (Append append : batch) {
        append.completeExceptionally(failure);
      }
      return;
    } catch (Error e) {
      for (Append append : batch) {
        append.completeExceptionally(e);
      }
      throw e;
    }
    for (int i = 0; i < batch.size(); i++) {
      try {
        replies.get(i).get();
        batch.get(i).complete(ShadowResponse.delivered());
      } catch (RuntimeException e) {
        // Redis refused this append (for example the key holds another type): this record only.
        batch.get(i).completeExceptionally(e);
      }
    }
  }
}
