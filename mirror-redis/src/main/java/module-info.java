/**
 * Redis Streams transport: the {@code redis-stream} target type and {@code MirrorReplayer}, with
 * their key tables. Only {@code dev.trafficmirror.redis} is exported; {@code
 * dev.trafficmirror.redis.internal} is not.
 */
// Jedis is an automatic module (Automatic-Module-Name redis.clients.jedis); the core requires
// OpenTelemetry's automatic modules transitively.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.trafficmirror.redis {
  requires transitive dev.trafficmirror.core;
  requires static org.jspecify;
  requires com.fasterxml.jackson.core;
  requires redis.clients.jedis;

  exports dev.trafficmirror.redis;

  provides dev.trafficmirror.spi.ShadowTargetProvider with
      dev.trafficmirror.redis.internal.RedisStreamTargetProvider;
}
