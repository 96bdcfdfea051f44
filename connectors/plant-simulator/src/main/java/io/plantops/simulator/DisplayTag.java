package io.plantops.simulator;

/**
 * A variable of the control system that only shows what a client writes, such as the guidance tags
 * of an HMI faceplate (the reasons for an advice, its heartbeat). It is no point of the process:
 * nothing in the simulation reads it.
 *
 * @param nodeId NodeId in OPC UA string form, e.g. {@code ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT}
 * @param browseName browse name (the tag name as the control system shows it)
 * @param description the control system's description of the tag
 * @param folder slash-separated folder path under Objects
 * @param type what the tag holds
 */
public record DisplayTag(
    String nodeId, String browseName, String description, String folder, Type type) {

  /** OPC UA built-in data type of a display tag. */
  public enum Type {
    /** Text (OPC UA String). */
    STRING,
    /** A point in time (OPC UA DateTime). */
    DATE_TIME
  }
}
