/**
 * Internals of the Redis Streams transport. Not part of the API: anything here may change in any
 * release. The record format written and read here is public and versioned (see {@code
 * docs/redis.md}).
 */
@NullMarked
package dev.trafficmirror.redis.internal;

import org.jspecify.annotations.NullMarked;
