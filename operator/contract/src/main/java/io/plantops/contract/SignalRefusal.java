package io.plantops.contract;

/**
 * Why the connector neither reads nor writes one mapped signal while the rest of the plant keeps
 * running: the mapping would otherwise give wrong values with a Good status.
 */
public enum SignalRefusal {
  /**
   * The nodeId names its namespace by index ({@code ns=N}) and the server now has another namespace
   * URI at that index than when the connector first connected: reading it would read another
   * namespace's node (OPC UA Part 3 §8.2.2: only URIs are stable).
   */
  NamespaceMoved,
  /**
   * The server's NamespaceArray has no such namespace URI ({@code nsu=}) or index ({@code ns=}).
   */
  NamespaceMissing,
  /** The node's EngineeringUnits do not convert to the mapping's unit (another dimension). */
  UnitMismatch,
  /**
   * The node's EngineeringUnits convert to the mapping's unit, but the mapping also sets a scale or
   * offset that is not that conversion: whether the scale already converts cannot be told.
   */
  UnitAmbiguous
}
