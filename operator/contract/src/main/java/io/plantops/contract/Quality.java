package io.plantops.contract;

/**
 * Quality of a sample, from the severity bits of its OPC UA StatusCode (OPC UA Part 4 §7.39: Good
 * 00, Uncertain 01, Bad 10/11).
 */
public enum Quality {
  Good,
  Uncertain,
  Bad
}
