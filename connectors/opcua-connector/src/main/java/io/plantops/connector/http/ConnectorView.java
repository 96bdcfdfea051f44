package io.plantops.connector.http;

import io.plantops.connector.opcua.GapRecorder;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;

/**
 * What the HTTP surface reads of the running connector. The connector implements it and starts the
 * HTTP surface; the HTTP surface knows only this view, so the two do not import each other.
 */
public interface ConnectorView {

  /** True once a config is in force. */
  boolean ready();

  /** The status document of {@code GET /v1/status}. */
  ConnectorStatus status();

  /** The recent data gaps, oldest first. */
  List<GapRecorder.Gap> gaps();

  /** The latest advice per use case. */
  Map<String, Recommendation> advice();

  /**
   * The latest recommendation per use case made in its live phase, Advisory or ClosedLoop: the
   * advice the console shows, which in ClosedLoop is also what the loop acts on.
   */
  Map<String, Recommendation> liveRecommendations();

  /** The config in force, if any. */
  Optional<ResolvedPlantConfig> config();

  /**
   * The plant's current value of {@code signal}, in its canonical unit; empty when it is not
   * mapped, stale or of bad quality.
   */
  OptionalDouble currentValue(String signal);

  /**
   * The advised value beside the actual setpoint of {@code useCase}'s {@code output}, oldest first.
   */
  List<Trends.Point> trend(String useCase, String output);

  /** The latest setpoint writes, withheld writes and failed writes, newest first. */
  List<RecentWrite> recentWrites();

  /** The OPC UA client of the live session, if connected (browse and suggest use it). */
  Optional<OpcUaClient> client();
}
