package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/status} of a plant's connector returns.
 *
 * @param plant plant name
 * @param configVersion configVersion of the config being used
 * @param configError why the newest config was refused, or null
 * @param session the OPC UA session with the plant
 * @param sessionMessage why the session is not connected, or null
 * @param monitoredItems monitored items created
 * @param staleSignals canonical signals currently stale
 * @param bufferedBatches batches in the store-and-forward buffer
 * @param gaps data gaps recorded (not recovered)
 * @param writes setpoint writes done
 * @param withheld withheld writes by reason
 * @param adoption advisory adoption per use case: followed / published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorStatus(
    String plant,
    String configVersion,
    String configError,
    SessionState session,
    String sessionMessage,
    int monitoredItems,
    List<String> staleSignals,
    long bufferedBatches,
    long gaps,
    long writes,
    Map<WriteReason, Long> withheld,
    Map<String, Adoption> adoption) {

  public ConnectorStatus {
    withheld = WireMaps.sortedCounts(withheld, WriteReason::label);
  }

  /**
   * Operator adoption of advisory recommendations.
   *
   * @param published recommendations published
   * @param followed recommendations followed within the window
   */
  public record Adoption(long published, long followed) {}
}
