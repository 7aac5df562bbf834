package dev.trafficmirror.redis.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.StreamEntryID;

/**
 * The entries a replayer holds: delivered to it and not yet settled, either submitted and waiting
 * for their outcomes or completed and waiting to be acknowledged, dead-lettered or released. Their
 * number is the replayer's in-flight count. Used by the replayer's loop thread only.
 */
final class HeldEntries {
  private final Map<StreamEntryID, ReplayEntry> byId = new LinkedHashMap<>();

  /** The mirror id each submitted entry is tracked under, to stop tracking one that is stuck. */
  private final Map<StreamEntryID, String> submitted = new HashMap<>();

  private final List<ReplayEntry> unsettled = new ArrayList<>();

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  boolean contains(StreamEntryID id) {
    return byId.containsKey(id);
  }

  /** Returns the ids of every held entry, for keep-alives. */
  Set<StreamEntryID> ids() {
    return byId.keySet();
  }

  /** Holds an entry submitted to the mirror under {@code mirrorId}. */
  void submitted(ReplayEntry entry, String mirrorId) {
    byId.put(entry.id(), entry);
    submitted.put(entry.id(), mirrorId);
  }

  /** Holds an entry that completed, to be settled. */
  void completed(ReplayEntry entry) {
    unsettled.add(entry);
  }

  /** Holds an entry that is complete from the start (an unreadable record), to be settled. */
  void completedNow(ReplayEntry entry) {
    byId.put(entry.id(), entry);
    unsettled.add(entry);
  }

  /** Returns the completed entries not yet settled, oldest first; a copy. */
  List<ReplayEntry> unsettled() {
    return List.copyOf(unsettled);
  }

  /** Stops holding {@code entry}: it was settled, or given up. */
  void release(ReplayEntry entry) {
    byId.remove(entry.id(), entry);
    submitted.remove(entry.id());
    unsettled.remove(entry);
  }

  /**
   * Returns the submitted entries still waiting for outcomes after {@code stuckAfterNanos}, with
   * the mirror id each is tracked under.
   */
  Map<ReplayEntry, String> stuck(long nowNanos, long stuckAfterNanos) {
    Map<ReplayEntry, String> stuck = new LinkedHashMap<>();
    submitted.forEach(
        (id, mirrorId) -> {
          ReplayEntry entry = byId.get(id);
          if (entry != null
              && nowNanos - entry.heldSinceNanos() > stuckAfterNanos
              && !unsettled.contains(entry)) {
            stuck.put(entry, mirrorId);
          }
        });
    return stuck;
  }

  @Override
  public String toString() {
    return "HeldEntries[" + byId.size() + ", unsettled=" + unsettled.size() + "]";
  }
}
