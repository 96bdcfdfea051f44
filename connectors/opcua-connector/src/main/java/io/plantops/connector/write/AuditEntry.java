package io.plantops.connector.write;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plantops.contract.WriteReason;

/**
 * One line of the audit log. Values are canonical (in {@code unit}) except {@code siteValue}, the
 * raw value sent to the plant, in {@code siteUnit}.
 *
 * @param time ISO-8601 instant
 * @param plant plant name
 * @param configVersion config in force
 * @param useCase SiteDeployment name
 * @param output output name
 * @param signal canonical target signal
 * @param modelVersion model that produced the recommendation
 * @param seq recommendation sequence number
 * @param action what happened
 * @param reason why (a {@link WriteReason} label), or null
 * @param old plant setpoint before
 * @param requested recommended value
 * @param target value after clamping
 * @param written value written
 * @param unit canonical unit
 * @param nodeId NodeId written
 * @param siteValue raw value written to the node
 * @param siteUnit unit of {@code siteValue}: see {@code SignalStore#rawUnit}
 * @param detail human-readable detail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
    String time,
    String plant,
    String configVersion,
    String useCase,
    String output,
    String signal,
    String modelVersion,
    Long seq,
    Action action,
    String reason,
    Double old,
    Double requested,
    Double target,
    Double written,
    String unit,
    String nodeId,
    Double siteValue,
    String siteUnit,
    String detail) {

  /** What an audit line records. */
  public enum Action {
    /** A setpoint is about to be written (recorded first: no write without its audit line). */
    Writing,
    /** A setpoint was written to the plant. */
    Written,
    /** A recommended setpoint was not written. */
    Withheld,
    /** The plant refused the write, or it timed out. */
    WriteFailed,
    /** Advice was published to operators (Advisory). */
    Advised,
    /** Operators moved the setpoint as advised within the window. */
    AdviceFollowed,
    /** The window passed without the operators following the advice. */
    AdviceNotFollowed,
    /** Guidance tags are about to be written (recorded first, like a setpoint). */
    GuidanceWriting,
    /** Guidance tags (advised value, reasons, heartbeat) were written for the HMI. */
    GuidanceWritten,
    /** Guidance was not written: the reason says why (stale input, rate limit, ...). */
    GuidanceWithheld,
    /** The plant refused the guidance write, or it timed out. */
    GuidanceWriteFailed
  }

  /** NaN and infinities become null, so every line is valid JSON. */
  public static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
