package dev.trafficmirror.core.internal.http;

import dev.trafficmirror.core.internal.dispatch.NamedThreadFactory;
import dev.trafficmirror.core.internal.dispatch.RateLimitedLog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/1.1 client of one {@code http://} target: a pool of keep-alive connections to the
 * shadow, run as an event loop is, but without being woken by every event. Callers hand it requests
 * through a queue and return; a turn of the loop takes what was queued, writes it, and reads what
 * has arrived on any connection with one {@code selectNow}, completing each answer's stage on the
 * thread that turns it.
 *
 * <p>Who turns it: the engine's mirror thread of the target, when it {@linkplain #claim claims} the
 * loop before the first request (then the same thread starts calls, reads their answers and
 * compares them, with no hand-off and no thread of the client's own); otherwise a thread of the
 * loop's own, started with the first request, which turns it every millisecond. At 2000 calls a
 * second either way is a wake-up for several calls, where a selector woken by each answer (and a
 * thread handed each one) would pay several per call: the cost per copy is the socket writes and
 * reads and little else. Shadow durations are read on the turns' grid (a millisecond while calls
 * are in flight): invisible to a mirror.
 *
 * <p>At most {@code maxConnections} connections are open (one call each at a time); further calls
 * wait here in order. A connection that cannot be made within the connect timeout fails its call
 * with {@link HttpConnectTimeoutException}, a refused one with {@link ConnectException}.
 * Connections left idle for {@value #IDLE_CLOSE_SECONDS} s are closed (before servers with short
 * keep-alive timeouts close them under a request). Thread-safe: {@link #submit} and {@link #close}
 * from any thread; {@link #drive} from the one thread that claimed the loop.
 */
final class HttpLoop {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror");
  private static final long BUSY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int TICKS_BEFORE_IDLE = 200;
  static final int IDLE_CLOSE_SECONDS = 4;
  private static final int READ_BUFFER = 16 * 1024;

  /**
   * Connections being made at once, at most: a burst of copies (at start-up, after a pause) opens
   * them a few at a time instead of all at once, which a shadow's accept queue (50 by default in
   * Java servers) would answer by dropping connection attempts.
   */
  static final int MAX_CONNECTING = 8;

  private final String host;
  private final int port;
  private final String address;
  private final int maxConnections;
  private final long connectTimeoutNanos;
  private final Selector selector;
  private final ConcurrentLinkedQueue<Http1Request> submitted = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Http1Request> waiting = new ArrayDeque<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final List<Connection> open = new ArrayList<>();
  private int connecting;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
  private final String name;

  /** The loop's own thread, started by the first request unless a driver claimed the loop. */
  private volatile @Nullable Thread thread;

  /** Whether a driver claimed the loop; written under the lock of {@code this}. */
  private volatile boolean claimed;

  /** Whether the connections were closed for good; guarded by {@code this}. */
  private boolean shut;

  private volatile boolean closed;
  private int quietTicks;

  HttpLoop(String name, String host, int port, int maxConnections, long connectTimeoutNanos) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.address = host + ":" + port;
    this.maxConnections = maxConnections;
    this.connectTimeoutNanos = connectTimeoutNanos;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new IllegalStateException("could not open a selector for target " + name, e);
    }
  }

  /**
   * Makes the calling side the loop's driver: from now on {@link #drive} turns the loop, and no
   * thread of the loop's own is started. Returns false when requests were already submitted (and
   * the loop's thread runs it), another driver claimed it first, or the loop is closed.
   */
  synchronized boolean claim() {
    if (thread != null || closed || claimed) {
      return false;
    }
    claimed = true;
    return true;
  }

  /**
   * One turn of a claimed loop on the driver's thread: writes what was submitted, reads what has
   * arrived, completing answers' stages here. Never blocks. Never throws: a failure of one turn is
   * logged and the next goes on.
   */
  synchronized void drive() {
    if (!shut) {
      guardedTick(System.nanoTime());
    }
  }

  /** Queues a request; never blocks. A request submitted after {@link #close} fails at once. */
  void submit(Http1Request request) {
    if (closed) {
      request.completeExceptionally(new IOException("the http target is closed"));
      return;
    }
    submitted.offer(request);
    if (closed && submitted.remove(request)) {
      request.completeExceptionally(new IOException("the http target is closed"));
    } else if (thread == null && !claimed) {
      startThread();
    }
  }

  private synchronized void startThread() {
    if (thread == null && !claimed && !closed) {
      Thread own = new NamedThreadFactory("mirror-http-" + name).newThread(this::run);
      thread = own;
      own.start();
    }
  }

  /** Closes every connection, fails what is pending, and ends the thread; waits for it briefly. */
  void close() {
    Thread own;
    synchronized (this) {
      closed = true;
      own = thread;
      if (own == null) {
        // Claimed (or never used): no thread of the loop's own; the connections are closed here,
        // once the driver's turn in progress, if any, is over (it holds the same lock).
        shutDown();
        return;
      }
    }
    LockSupport.unpark(own);
    try {
      own.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!closed) {
        turn();
      }
    } finally {
      synchronized (this) {
        shutDown();
      }
    }
  }

  /** One turn of the loop's own thread, then its pause: a method of its own, so it is compiled. */
  private void turn() {
    boolean busy;
    synchronized (this) {
      busy = guardedTick(System.nanoTime());
    }
    quietTicks = busy ? 0 : quietTicks + 1;
    LockSupport.parkNanos(this, quietTicks < TICKS_BEFORE_IDLE ? BUSY_PARK_NANOS : IDLE_PARK_NANOS);
  }

  private boolean guardedTick(long now) {
    try {
      return tick(now);
    } catch (Throwable t) {
      // One bad connection must not stop the others: the loop goes on after anything but a
      // VirtualMachineError (calls it leaves unanswered end at their deadline, counted).
      RateLimitedLog.rethrowIfFatal(t);
      LOG.log(System.Logger.Level.WARNING, "HTTP shadow client loop failed once; it goes on", t);
      return true;
    }
  }

  /** One turn of the loop; returns whether there was anything to do. */
  private boolean tick(long now) throws IOException {
    boolean busy = false;
    for (Http1Request request; (request = submitted.poll()) != null; ) {
      waiting.add(request);
      busy = true;
    }
    dispatch(now);
    if (!open.isEmpty()) {
      busy = true;
      if (selector.selectNow() > 0) {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          ((Connection) key.attachment()).ready(key, now);
        }
      }
      sweep(now);
      dispatch(now);
    }
    return busy;
  }

  /** Starts waiting requests on idle connections, opening new ones up to the limit. */
  private void dispatch(long now) {
    while (!waiting.isEmpty()) {
      Http1Request request = waiting.peek();
      if (request.isDone()) {
        waiting.poll();
        continue;
      }
      Connection connection = idle.poll();
      if (connection == null) {
        if (open.size() >= maxConnections || connecting >= MAX_CONNECTING) {
          return;
        }
        connection = connect(request, now);
        if (connection == null) {
          waiting.poll();
          continue;
        }
      }
      waiting.poll();
      connection.start(request);
    }
  }

  private @Nullable Connection connect(Http1Request request, long now) {
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel, now);
      // Resolved for every new connection, so a shadow that moves is followed (the JVM caches
      // names).
      boolean connected = channel.connect(new InetSocketAddress(host, port));
      connection.key =
          channel.register(
              selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
      connection.connected = connected;
      if (!connected) {
        connecting++;
      }
      open.add(connection);
      return connection;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      request.completeExceptionally(connectFailure(e));
      return null;
    }
  }

  private Throwable connectFailure(Exception e) {
    if (e instanceof ConnectException) {
      return e;
    }
    ConnectException refused = new ConnectException("could not connect to " + address + ": " + e);
    refused.initCause(e);
    return refused;
  }

  /**
   * Closes connections whose call was cancelled, that could not connect in time, or idle too long.
   */
  private void sweep(long now) {
    for (int i = open.size() - 1; i >= 0; i--) {
      Connection c = open.get(i);
      Http1Request call = c.call;
      if (call != null && call.isDone()) {
        // Cancelled at the mirror's deadline: the rest of this answer is not read.
        c.close();
      } else if (!c.connected && now - c.openedNanos > connectTimeoutNanos) {
        HttpConnectTimeoutException timeout =
            new HttpConnectTimeoutException(
                "could not connect to "
                    + address
                    + " within "
                    + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos)
                    + " ms");
        c.fail(timeout);
      } else if (call == null && now - c.idleSince > TimeUnit.SECONDS.toNanos(IDLE_CLOSE_SECONDS)) {
        c.close();
      }
    }
  }

  /** Closes every connection and fails what is pending, once; holds the lock of {@code this}. */
  private void shutDown() {
    if (shut) {
      return;
    }
    shut = true;
    IOException closedError = new IOException("the http target was closed");
    for (Connection c : new ArrayList<>(open)) {
      c.fail(closedError);
    }
    for (Http1Request request : waiting) {
      request.completeExceptionally(closedError);
    }
    waiting.clear();
    for (Http1Request request; (request = submitted.poll()) != null; ) {
      request.completeExceptionally(closedError);
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a selector failed", e);
    }
  }

  private static void closeQuietly(@Nullable SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing more to release.
      }
    }
  }

  /** One connection to the shadow, carrying one call at a time. Loop thread only. */
  private final class Connection {
    final SocketChannel channel;
    final long openedNanos;
    @Nullable SelectionKey key;
    boolean connected;
    long idleSince;
    @Nullable Http1Request call;
    @Nullable Http1Response response;
    ByteBuffer @Nullable [] output;

    Connection(SocketChannel channel, long now) {
      this.channel = channel;
      this.openedNanos = now;
      this.idleSince = now;
    }

    void start(Http1Request request) {
      call = request;
      response = request.newResponse();
      output = request.output();
      if (connected) {
        write();
      }
    }

    void ready(SelectionKey selected, long now) {
      try {
        if (!selected.isValid()) {
          fail(new IOException("connection to " + address + " closed"));
          return;
        }
        if (selected.isConnectable()) {
          if (!channel.finishConnect()) {
            return;
          }
          connected = true;
          connecting--;
          selected.interestOps(SelectionKey.OP_READ);
          if (call != null) {
            write();
          }
        }
        if (selected.isValid() && selected.isWritable()) {
          write();
        }
        if (selected.isValid() && selected.isReadable()) {
          read(now);
        }
      } catch (IOException | RuntimeException e) {
        fail(connected ? e : connectFailure(e));
      }
    }

    private void write() {
      ByteBuffer[] out = output;
      SelectionKey k = key;
      if (out == null || k == null) {
        return;
      }
      try {
        channel.write(out);
        if (out[1].hasRemaining() || out[0].hasRemaining()) {
          k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
          output = null;
          k.interestOps(SelectionKey.OP_READ);
        }
      } catch (IOException e) {
        fail(e);
      }
    }

    private void read(long now) throws IOException {
      while (true) {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
          endOfInput();
          return;
        }
        if (n == 0) {
          return;
        }
        readBuffer.flip();
        Http1Request current = call;
        Http1Response parser = response;
        if (current == null || parser == null) {
          // Bytes nobody asked for: the connection is out of step; drop it.
          close();
          return;
        }
        if (parser.feed(readBuffer)) {
          answered(current, parser, now);
          return;
        }
      }
    }

    private void answered(Http1Request current, Http1Response parser, long now) {
      call = null;
      response = null;
      output = null;
      current.complete(parser.response());
      if (parser.reusable() && !closed) {
        idleSince = now;
        idle.push(this);
      } else {
        close();
      }
    }

    private void endOfInput() {
      Http1Request current = call;
      Http1Response parser = response;
      if (current != null && parser != null) {
        if (parser.endOfInput()) {
          answered(current, parser, System.nanoTime());
          close();
          return;
        }
        fail(
            new IOException(
                parser.nothingYet()
                    ? "the shadow closed the connection without answering"
                    : "the shadow closed the connection in the middle of its answer"));
        return;
      }
      close();
    }

    void fail(Throwable failure) {
      Http1Request current = call;
      call = null;
      if (current != null) {
        current.completeExceptionally(failure);
      }
      close();
    }

    void close() {
      idle.remove(this);
      if (open.remove(this) && !connected) {
        connecting--;
      }
      SelectionKey k = key;
      if (k != null) {
        k.cancel();
      }
      closeQuietly(channel);
      Http1Request current = call;
      call = null;
      if (current != null && !current.isDone()) {
        current.completeExceptionally(new IOException("connection to " + address + " closed"));
      }
    }
  }
}
