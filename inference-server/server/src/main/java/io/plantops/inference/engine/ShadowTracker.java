package io.plantops.inference.engine;

import io.plantops.contract.InferenceStatus.ShadowStats;

/**
 * Candidate versus active on the same feature rows (first output, both calibrated the same way,
 * i.e. what the plant would have been told), and both versus the measured target when the output
 * names one. Synchronized: the evaluation thread writes, the status reader reads.
 */
final class ShadowTracker {

  private final String candidateVersion;
  private final long sinceMs;
  private long samples;
  private double sumAbsDelta;
  private double maxAbsDelta;
  private long targetSamples;
  private double sumAbsErrActive;
  private double sumAbsErrCandidate;

  ShadowTracker(String candidateVersion, long sinceMs) {
    this.candidateVersion = candidateVersion;
    this.sinceMs = sinceMs;
  }

  synchronized double record(double active, double candidate) {
    double d = Math.abs(candidate - active);
    samples++;
    sumAbsDelta += d;
    maxAbsDelta = Math.max(maxAbsDelta, d);
    return d;
  }

  synchronized void recordTarget(double measured, double active, double candidate) {
    targetSamples++;
    sumAbsErrActive += Math.abs(active - measured);
    sumAbsErrCandidate += Math.abs(candidate - measured);
  }

  String candidateVersion() {
    return candidateVersion;
  }

  synchronized ShadowStats stats() {
    return new ShadowStats(
        candidateVersion,
        sinceMs,
        samples,
        samples == 0 ? 0 : sumAbsDelta / samples,
        maxAbsDelta,
        targetSamples,
        targetSamples == 0 ? null : sumAbsErrActive / targetSamples,
        targetSamples == 0 ? null : sumAbsErrCandidate / targetSamples);
  }
}
