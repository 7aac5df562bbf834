/**
 * Redis Streams transport: the {@code redis-stream} target type, which appends each mirrored
 * request with production's response to a stream (one {@code XADD}), and {@link
 * dev.trafficmirror.redis.MirrorReplayer}, which reads the stream through a consumer group, replays
 * each entry to shadow targets and compares their answers with production's. The record format is
 * described in {@code docs/redis.md}.
 */
@NullMarked
package dev.trafficmirror.redis;

import org.jspecify.annotations.NullMarked;
