package io.plantops.simulator;

/**
 * A client write the simulator accepted.
 *
 * @param timeMs wall-clock time of the write, epoch ms
 * @param point what was written
 * @param nodeId NodeId written
 * @param raw value as written, in the tag's raw unit
 * @param canonical the value in the canonical unit
 * @param user the authenticated user, or anonymous
 */
public record WriteRecord(
    long timeMs, Point point, String nodeId, double raw, double canonical, String user) {}
