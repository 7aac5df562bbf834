package dev.trafficmirror.redis.internal;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.util.JedisURIHelper;

/** Creates pooled Redis clients with short, explicit timeouts, and classifies their failures. */
public final class RedisClients {
  private RedisClients() {}

  /** Returns whether {@code uri} is a {@code redis://} or {@code rediss://} URI with a host. */
  public static boolean isValid(URI uri) {
    return (JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))
        && JedisURIHelper.isValid(uri);
  }

  /**
   * Returns a pooled client; nothing is connected until the first command. A broken connection is
   * discarded and the next command opens a new one, so the client recovers by itself when Redis is
   * back.
   *
   * @param timeout the connect and read timeout of every command, and the longest wait for a pooled
   *     connection
   * @param blockingReadTimeout the read timeout of blocking commands ({@code XREADGROUP BLOCK})
   * @param maxConnections the pool size
   */
  public static RedisClient create(
      URI uri, Duration timeout, Duration blockingReadTimeout, int maxConnections) {
    int millis = millis(timeout);
    DefaultJedisClientConfig.Builder clientConfig =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .blockingSocketTimeoutMillis(millis(blockingReadTimeout));
    if (JedisURIHelper.isRedisSSLScheme(uri)) {
      // TLS with the JVM's trust store and full host verification.
      clientConfig.sslOptions(SslOptions.defaults());
    }
    String password = JedisURIHelper.getPassword(uri);
    if (password != null) {
      clientConfig.credentials(new DefaultRedisCredentials(JedisURIHelper.getUser(uri), password));
    }
    if (JedisURIHelper.hasDbIndex(uri)) {
      clientConfig.database(JedisURIHelper.getDBIndex(uri));
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(Duration.ofMillis(millis));
    pool.setTestOnBorrow(false);
    pool.setJmxEnabled(false);
    return RedisClient.builder()
        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
        .clientConfig(clientConfig.build())
        .poolConfig(pool)
        .build();
  }

  /** Returns a timeout in whole milliseconds, at least 1: 0 would mean no timeout at all. */
  static int millis(Duration d) {
    long ms = d.toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }

  /**
   * Returns a {@link TimeoutException} when {@code e} was caused by a read or connect timeout or by
   * a wait for a pooled connection that timed out, so that the engine records a shadow timeout;
   * otherwise {@code e} itself.
   */
  public static Exception classify(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException
          || (cause instanceof NoSuchElementException
              && String.valueOf(cause.getMessage()).contains("Timeout"))) {
        TimeoutException timeout =
            new TimeoutException("Redis did not answer in time: " + cause.getMessage());
        timeout.initCause(e);
        return timeout;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return e;
  }
}
