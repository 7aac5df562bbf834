package dev.trafficmirror.redis.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The Redis commands of one consumer in one consumer group of one stream, in binary where entries
 * are read so that bodies stay exact. Used by one thread at a time; every method may throw a {@link
 * redis.clients.jedis.exceptions.JedisException}.
 */
public final class ConsumerGroup {
  /** The dead letter fields added to an entry's own. */
  public static final String DEAD_LETTER_ERROR = "dead-letter-error";

  /**
   * Why, as a word: {@code failed} (on its last delivery), {@code unreadable}, or the label of an
   * {@link dev.trafficmirror.redis.EntryRejection} ({@code unsigned}, {@code bad_signature}, …).
   */
  public static final String DEAD_LETTER_REASON = "dead-letter-reason";

  /** The id of the entry in the stream it was read from. */
  public static final String DEAD_LETTER_SOURCE_ID = "dead-letter-source-id";

  /** The stream it was read from. */
  public static final String DEAD_LETTER_SOURCE_STREAM = "dead-letter-source-stream";

  /** Its delivery count when it was given up. */
  public static final String DEAD_LETTER_DELIVERIES = "dead-letter-deliveries";

  /** The consumer that gave it up. */
  public static final String DEAD_LETTER_CONSUMER = "dead-letter-consumer";

  /** When it was given up: an ISO-8601 instant. */
  public static final String DEAD_LETTER_AT = "dead-letter-at";

  private static final byte[] START = "0-0".getBytes(StandardCharsets.US_ASCII);

  private final UnifiedJedis redis;
  private final String stream;
  private final byte[] streamKey;
  private final String group;
  private final byte[] groupName;
  private final String consumer;
  private final byte[] consumerName;
  private final byte[] deadLetterKey;
  private final XAddParams deadLetterParams;
  private byte[] claimCursor = START;

  /**
   * A claim's result: the entries now owned by this consumer, how many had been trimmed away, and
   * whether the scan of the pending entries reached their end.
   */
  public record Claimed(List<StreamEntryBinary> entries, int deleted, boolean scanComplete) {}

  /**
   * Creates the commands; nothing is sent until a method is called.
   *
   * @param deadLetterMaxLen the approximate length the dead letter stream is trimmed to on every
   *     append ({@code MAXLEN ~}), or 0 for no trimming
   */
  public ConsumerGroup(
      UnifiedJedis redis,
      String stream,
      String group,
      String consumer,
      String deadLetterStream,
      long deadLetterMaxLen) {
    this.redis = redis;
    this.stream = stream;
    this.streamKey = StreamRecord.utf8(stream);
    this.group = group;
    this.groupName = StreamRecord.utf8(group);
    this.consumer = consumer;
    this.consumerName = StreamRecord.utf8(consumer);
    this.deadLetterKey = StreamRecord.utf8(deadLetterStream);
    this.deadLetterParams = XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY);
    if (deadLetterMaxLen > 0) {
      deadLetterParams.maxLen(deadLetterMaxLen).approximateTrimming();
    }
  }

  /**
   * Creates the group, reading from the start of the stream, and the stream if missing; returns
   * false when it existed.
   */
  public boolean ensureGroup() {
    try {
      redis.xgroupCreate(streamKey, groupName, START, true);
      return true;
    } catch (JedisDataException e) {
      if (String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Returns whether {@code e} says the group (or the stream) does not exist, as after Redis lost
   * its data.
   */
  public static boolean isNoGroup(RuntimeException e) {
    return e instanceof JedisDataException && String.valueOf(e.getMessage()).startsWith("NOGROUP");
  }

  /**
   * Reads up to {@code count} entries never delivered to the group, waiting up to {@code
   * blockMillis} (at least 1).
   */
  public List<StreamEntryBinary> readNew(int count, int blockMillis) {
    XReadGroupParams params =
        XReadGroupParams.xReadGroupParams().count(count).block(Math.max(1, blockMillis));
    List<Map.Entry<byte[], List<StreamEntryBinary>>> answer =
        redis.xreadGroupBinary(
            groupName,
            consumerName,
            params,
            Map.of(streamKey, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    if (answer == null || answer.isEmpty()) {
      return List.of();
    }
    List<StreamEntryBinary> entries = new ArrayList<>();
    for (Map.Entry<byte[], List<StreamEntryBinary>> perStream : answer) {
      entries.addAll(perStream.getValue());
    }
    return entries;
  }

  /**
   * Claims up to {@code count} entries pending for at least {@code minIdleMillis} on any consumer
   * ({@code XAUTOCLAIM}), continuing the scan where the previous call ended.
   */
  public Claimed claimIdle(long minIdleMillis, int count) {
    List<Object> answer =
        redis.xautoclaim(
            streamKey,
            groupName,
            consumerName,
            minIdleMillis,
            claimCursor,
            XAutoClaimParams.xAutoClaimParams().count(count));
    claimCursor = (byte[]) answer.get(0);
    List<StreamEntryBinary> entries = new ArrayList<>();
    for (StreamEntryBinary entry : BuilderFactory.STREAM_ENTRY_BINARY_LIST.build(answer.get(1))) {
      if (entry != null) {
        entries.add(entry);
      }
    }
    int deleted = answer.size() > 2 && answer.get(2) instanceof List<?> ids ? ids.size() : 0;
    return new Claimed(entries, deleted, Arrays.equals(claimCursor, START));
  }

  /**
   * Resets the idle time of entries this consumer holds, so that no other replayer claims them
   * while they are being replayed; {@code JUSTID} leaves their delivery count alone.
   */
  public void keepAlive(Collection<StreamEntryID> ids) {
    if (!ids.isEmpty()) {
      redis.xclaimJustId(
          stream,
          group,
          consumer,
          0,
          XClaimParams.xClaimParams(),
          ids.toArray(new StreamEntryID[0]));
    }
  }

  /** Returns how often {@code id} has been delivered, or 0 when it is not pending. */
  public long deliveries(StreamEntryID id) {
    List<StreamPendingEntry> pending =
        redis.xpending(stream, group, XPendingParams.xPendingParams(id, id, 1));
    return pending.isEmpty() ? 0 : pending.get(0).getDeliveredTimes();
  }

  /** Acknowledges {@code ids}. */
  public void ack(Collection<StreamEntryID> ids) {
    if (!ids.isEmpty()) {
      redis.xack(stream, group, ids.toArray(new StreamEntryID[0]));
    }
  }

  /**
   * Appends the entry with its reason and error to the dead letter stream (trimmed to its {@code
   * MAXLEN ~}) and acknowledges it, in one transaction.
   */
  @SuppressWarnings("ArrayAsKeyOfSetOrMap") // Only iterated: Jedis' binary XADD takes such a map.
  public void deadLetter(
      StreamEntryID id, Map<byte[], byte[]> fields, String reason, String error, long deliveries) {
    Map<byte[], byte[]> dead = new LinkedHashMap<>(fields);
    dead.put(StreamRecord.utf8(DEAD_LETTER_REASON), StreamRecord.utf8(reason));
    dead.put(StreamRecord.utf8(DEAD_LETTER_ERROR), StreamRecord.utf8(error));
    dead.put(StreamRecord.utf8(DEAD_LETTER_SOURCE_STREAM), streamKey);
    dead.put(StreamRecord.utf8(DEAD_LETTER_SOURCE_ID), StreamRecord.utf8(id.toString()));
    dead.put(
        StreamRecord.utf8(DEAD_LETTER_DELIVERIES), StreamRecord.utf8(Long.toString(deliveries)));
    dead.put(StreamRecord.utf8(DEAD_LETTER_CONSUMER), consumerName);
    dead.put(StreamRecord.utf8(DEAD_LETTER_AT), StreamRecord.utf8(Instant.now().toString()));
    try (AbstractTransaction tx = redis.multi()) {
      tx.xadd(deadLetterKey, deadLetterParams, dead);
      tx.xack(stream, group, id);
      tx.exec();
    }
  }

  /**
   * Removes this consumer from the group when it holds no pending entry; returns whether it did.
   */
  public boolean leaveIfIdle() {
    List<StreamPendingEntry> pending =
        redis.xpending(
            stream,
            group,
            XPendingParams.xPendingParams()
                .start(StreamEntryID.MINIMUM_ID)
                .end(StreamEntryID.MAXIMUM_ID)
                .count(1)
                .consumer(consumer));
    if (!pending.isEmpty()) {
      return false;
    }
    redis.xgroupDelConsumer(stream, group, consumer);
    return true;
  }
}
