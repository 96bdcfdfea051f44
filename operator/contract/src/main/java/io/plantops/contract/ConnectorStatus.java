package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
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
 * @param gaps data gaps recorded as lost (counted when a gap closes)
 * @param openGaps data gaps open now: the data path is interrupted and no notification has arrived
 *     since; counted while open, before anyone knows whether it will be recovered or lost. A
 *     connector that predates the field sends none, which reads as 0
 * @param writes setpoint writes done
 * @param withheld withheld writes by reason
 * @param adoption advisory adoption per use case: followed / published
 * @param refusedSignals mapped signals the connector refuses to read or write while the others run
 *     (a namespace index that moved, units that do not match), each with the fix; absent from the
 *     JSON when none, and a connector that predates the field sends none
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
    @JsonSetter(nulls = Nulls.AS_EMPTY) int openGaps,
    long writes,
    Map<WriteReason, Long> withheld,
    Map<String, Adoption> adoption,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonSetter(nulls = Nulls.AS_EMPTY)
        List<RefusedSignal> refusedSignals) {

  public ConnectorStatus {
    withheld = WireMaps.sortedCounts(withheld, WriteReason::label);
    refusedSignals = refusedSignals == null ? List.of() : List.copyOf(refusedSignals);
  }

  /** A status without refused signals: what a connector that predates them reports. */
  public ConnectorStatus(
      String plant,
      String configVersion,
      String configError,
      SessionState session,
      String sessionMessage,
      int monitoredItems,
      List<String> staleSignals,
      long bufferedBatches,
      long gaps,
      int openGaps,
      long writes,
      Map<WriteReason, Long> withheld,
      Map<String, Adoption> adoption) {
    this(
        plant,
        configVersion,
        configError,
        session,
        sessionMessage,
        monitoredItems,
        staleSignals,
        bufferedBatches,
        gaps,
        openGaps,
        writes,
        withheld,
        adoption,
        List.of());
  }

  /** A status without open gaps: what a connector that predates {@code openGaps} reports. */
  public ConnectorStatus(
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
    this(
        plant,
        configVersion,
        configError,
        session,
        sessionMessage,
        monitoredItems,
        staleSignals,
        bufferedBatches,
        gaps,
        0,
        writes,
        withheld,
        adoption);
  }

  /**
   * A mapped signal the connector refuses, and why.
   *
   * @param signal canonical signal
   * @param tagMapping the TagMapping that maps it, or null when the config does not say
   * @param nodeId the entry's nodeId as written
   * @param reason why, as a state
   * @param message what is wrong and the fix, for people
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RefusedSignal(
      String signal, String tagMapping, String nodeId, SignalRefusal reason, String message) {}

  /**
   * Operator adoption of advisory recommendations.
   *
   * @param published recommendations published
   * @param followed recommendations followed within the window
   */
  public record Adoption(long published, long followed) {}
}
