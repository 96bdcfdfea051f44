package io.plantops.simulator;

/** OPC UA built-in data type of a simulated variable (OPC UA Part 6 §5.1.2). */
public enum ValueType {
  /** IEEE 754 double. */
  DOUBLE,
  /** IEEE 754 single, as many SCADA tag servers expose REAL tags. */
  FLOAT,
  /** A signed 32-bit integer register (scaled by the mapping). */
  INT32
}
