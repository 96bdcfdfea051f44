package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One rule of the promotion {@link PolicyChain}: a pure function of the {@link Situation} that
 * either decides the outcome or passes to the next rule, noting what it saw that the decision must
 * still carry (a KPI being watched, a refused stage, the candidate in shadow).
 */
interface Policy {

  /** Decides, or passes with notes. */
  Verdict evaluate(Situation s);

  /** What a policy returns. */
  sealed interface Verdict {

    /**
     * This policy decides: the chain stops here.
     *
     * @param outcome the outcome
     */
    record Decide(Outcome outcome) implements Verdict {}

    /**
     * Not this policy's decision; the next one decides, and the notes go with the decision.
     *
     * @param notes what the decision must carry whatever it is
     */
    record Pass(List<Note> notes) implements Verdict {
      public Pass {
        notes = List.copyOf(notes);
      }
    }

    static Verdict decide(Outcome outcome) {
      return new Decide(outcome);
    }

    static Verdict pass(Note... notes) {
      return new Pass(List.of(notes));
    }
  }

  /** What a passing policy saw, kept by whatever policy after it decides. */
  sealed interface Note {

    /**
     * A KPI is (or was last seen) degraded beyond the rollback bound.
     *
     * @param since since when (RFC 3339), written to status.kpiDegradedSince
     * @param due when the rollback is due, if the degradation is seen now
     */
    record KpiWatch(String since, Optional<Instant> due) implements Note {}

    /**
     * spec.stage asks for more than the template allows; recorded once per live period.
     *
     * @param asked spec.stage
     * @param version the active version
     * @param template the template's name
     * @param maxAutonomy what the template allows
     */
    record Refusal(Stage asked, String version, String template, Stage maxAutonomy)
        implements Note {}

    /**
     * The candidate scored in shadow beside the active version, and how it changed.
     *
     * @param selection the selection
     */
    record Candidate(CandidateSelection selection) implements Note {}
  }
}
