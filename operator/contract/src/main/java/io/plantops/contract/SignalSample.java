package io.plantops.contract;

/**
 * One canonical sample.
 *
 * @param signal canonical signal name
 * @param timestampMs source timestamp, epoch milliseconds
 * @param value value in the canonical unit
 * @param quality Good, Uncertain or Bad
 */
public record SignalSample(String signal, long timestampMs, double value, Quality quality) {}
