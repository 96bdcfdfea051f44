package io.plantops.connector;

import io.plantops.connector.delivery.Batcher;
import io.plantops.connector.delivery.Forwarder;
import io.plantops.connector.delivery.RecommendationPoller;
import io.plantops.connector.delivery.SegmentBuffer;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.opcua.PlantConnection;
import io.plantops.connector.write.Watchdog;
import io.plantops.connector.write.WritePath;
import io.plantops.contract.ResolvedPlantConfig;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What runs for one config, in the parts a {@link ReloadPlan} restarts one by one.
 *
 * @param config the config in force
 * @param buffer the store-and-forward disk buffer ({@link ReloadPlan.Part#BUFFER})
 * @param session the OPC UA side ({@link ReloadPlan.Part#SESSION})
 * @param delivery the way to the inference server ({@link ReloadPlan.Part#DELIVERY})
 * @param writing the way back to the plant ({@link ReloadPlan.Part#WRITE_PATH})
 */
record PlantRuntime(
    ResolvedPlantConfig config,
    SegmentBuffer buffer,
    Session session,
    Delivery delivery,
    Writing writing) {

  /**
   * The OPC UA side.
   *
   * @param store where notifications are mapped
   * @param connection the session, its subscriptions and the setpoint writer
   * @param drainer the batcher the store wakes when its ring fills, whichever delivery is in force
   */
  record Session(SignalStore store, PlantConnection connection, AtomicReference<Batcher> drainer) {}

  /**
   * The way to the inference server.
   *
   * @param batcher drains the store into batches
   * @param forwarder posts them, or buffers them on disk
   */
  record Delivery(Batcher batcher, Forwarder forwarder) {}

  /**
   * The way back to the plant.
   *
   * @param writePath what happens to each recommendation
   * @param watchdog the loop's heartbeat
   * @param poller fetches the recommendations
   */
  record Writing(WritePath writePath, Watchdog watchdog, RecommendationPoller poller) {}

  /** Stops the parts {@code plan} restarts; the others keep running for the next runtime. */
  void stopFor(ReloadPlan plan) throws IOException {
    if (plan.restarts(ReloadPlan.Part.WRITE_PATH)) {
      writing.poller().close();
    }
    if (plan.restarts(ReloadPlan.Part.DELIVERY)) {
      // the batcher hands what it still holds to the forwarder, which keeps it on disk
      delivery.batcher().close();
      delivery.forwarder().close();
    }
    if (plan.restarts(ReloadPlan.Part.SESSION)) {
      session.connection().close();
    }
    if (plan.restarts(ReloadPlan.Part.BUFFER)) {
      buffer.close();
    }
  }

  /** Stops everything. */
  void close() throws IOException {
    stopFor(ReloadPlan.first());
  }
}
