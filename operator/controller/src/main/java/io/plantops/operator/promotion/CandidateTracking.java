package io.plantops.operator.promotion;

import io.plantops.operator.promotion.Policy.Note.Candidate;

/**
 * Keeps the candidate the version policy selects scored in shadow beside the active version (and
 * records it starting or being withdrawn), whatever the policies after it decide. Never decides.
 */
final class CandidateTracking implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    return Verdict.pass(new Candidate(s.candidate()));
  }
}
