package io.plantops.connector;

import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.rules.Staleness;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a new config restarts of the running connector: a pure function of the old and the new
 * config. Each part is built from a projection of the config (a record of exactly what it reads),
 * and a part restarts when its projection differs as a whole value, so a field added to a projected
 * record (a new OPC UA setting, a new mapping attribute) restarts what reads it without anyone
 * having to remember to compare it.
 *
 * @param restarts the parts to stop and build anew; the others are kept as they run
 */
record ReloadPlan(Set<Part> restarts) {

  /** The parts of a running connector a reload may restart. */
  enum Part {
    /**
     * The OPC UA session, its subscriptions and the signal store they feed: a reconnect, with new
     * monitored items.
     */
    SESSION,
    /** The batcher, which drains the store, and the forwarder to the inference server. */
    DELIVERY,
    /** The store-and-forward disk buffer, reopened with another bound. */
    BUFFER,
    /** Where the recommendation poll resumes: from the start, at another inference server. */
    POLL_POSITION,
    /**
     * The write path, its watchdog and the recommendation poller: rebuilt on every reload, since
     * each audit line carries the config version; each use case's policy inherits its predecessor's
     * message position and rate window, so nothing is re-admitted and no budget refilled.
     */
    WRITE_PATH
  }

  /**
   * What the session, its subscriptions and the store are built from.
   *
   * @param plant the plant's name: the session's name, the refusal message, every batch
   * @param opcua how to reach the server, and whether insecure writes are allowed
   * @param signals every mapping: NodeIds, sampling, conversions, and which are writable
   * @param staleness the store's staleness rule
   */
  record SessionKey(
      String plant, OpcUaSettings opcua, List<SignalMapping> signals, Staleness staleness) {
    static SessionKey of(ResolvedPlantConfig c) {
      return new SessionKey(c.plant().name(), c.opcua(), c.signals(), Staleness.of(c.connector()));
    }
  }

  /**
   * What the batcher and the forwarder are built from.
   *
   * @param session the batcher drains the session's store
   * @param inferenceUrl where batches go
   * @param buffer where they wait while it does not answer
   */
  record DeliveryKey(SessionKey session, String inferenceUrl, BufferKey buffer) {
    static DeliveryKey of(ResolvedPlantConfig c) {
      return new DeliveryKey(SessionKey.of(c), c.connector().inferenceUrl(), BufferKey.of(c));
    }
  }

  /**
   * What the disk buffer is opened with.
   *
   * @param maxBytes its bound
   */
  record BufferKey(long maxBytes) {
    static BufferKey of(ResolvedPlantConfig c) {
      return new BufferKey(c.connector().bufferMaxBytes());
    }
  }

  /**
   * Whose sequence numbers the recommendation poll follows.
   *
   * @param inferenceUrl the inference server
   */
  record PollKey(String inferenceUrl) {
    static PollKey of(ResolvedPlantConfig c) {
      return new PollKey(c.connector().inferenceUrl());
    }
  }

  ReloadPlan {
    restarts = Set.copyOf(restarts);
  }

  /** The first config: everything starts. */
  static ReloadPlan first() {
    return new ReloadPlan(EnumSet.allOf(Part.class));
  }

  /** What {@code next} restarts of what runs for {@code running}. */
  static ReloadPlan between(ResolvedPlantConfig running, ResolvedPlantConfig next) {
    Set<Part> restarts = EnumSet.of(Part.WRITE_PATH);
    if (!SessionKey.of(running).equals(SessionKey.of(next))) {
      restarts.add(Part.SESSION);
    }
    if (!DeliveryKey.of(running).equals(DeliveryKey.of(next))) {
      restarts.add(Part.DELIVERY);
    }
    if (!BufferKey.of(running).equals(BufferKey.of(next))) {
      restarts.add(Part.BUFFER);
    }
    if (!PollKey.of(running).equals(PollKey.of(next))) {
      restarts.add(Part.POLL_POSITION);
    }
    return new ReloadPlan(restarts);
  }

  /** True when {@code part} stops and is built anew. */
  boolean restarts(Part part) {
    return restarts.contains(part);
  }

  /** True when {@code part} keeps running as it is. */
  boolean keeps(Part part) {
    return !restarts.contains(part);
  }
}
