package io.plantops.operator.sitedeployment;

import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.RecommendationSummary;
import io.plantops.contract.InferenceStatus.SkipStreak;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.operator.observe.PlantConnection;
import io.plantops.operator.observe.Reachability;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Durations;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a live site gets valid inferences. A lost plant connection ({@code PlantDisconnected})
 * comes first, since it makes every cycle skip; then a run of skipped cycles as long as the
 * template's {@code spec.promotion.maxSkippedCycles} ({@code EvaluationsSkipped}). The aggregator
 * turns a verdict into Ready False and Degraded True.
 *
 * <p>Messages give instants and the age of the last valid inference at the moment the trouble
 * started, never an age relative to now: a message that changed with every reconciliation would
 * rewrite the status on every resync, and the condition's lastTransitionTime and the instants
 * already tell how long ago it was.
 */
final class DataFlow {

  private DataFlow() {}

  /**
   * What the check reads.
   *
   * @param connection the plant connection as the connector last reported it
   * @param observation what the inference server reports about this use case
   * @param lastRecommendation the last valid inference known (status, kept across restarts)
   * @param maxSkippedCycles the template's spec.promotion.maxSkippedCycles
   * @param template the template's name, for the message
   * @param previousReady the Ready condition last written, if any
   */
  record Facts(
      Optional<PlantConnection> connection,
      UseCaseObservation observation,
      Optional<RecommendationSummary> lastRecommendation,
      int maxSkippedCycles,
      String template,
      Optional<Condition> previousReady) {}

  /** Why a live site gets no valid inference, if it does not. */
  static Optional<Verdict> check(Facts f) {
    Optional<PlantConnection> lost = f.connection().filter(PlantConnection::lost);
    if (lost.isPresent()) {
      return Optional.of(disconnected(lost.get(), f.lastRecommendation()));
    }
    if (f.observation().reachability() != Reachability.Reachable) {
      // the inference server cannot be read now: what it said last still stands, as its figures do
      return f.previousReady()
          .filter(c -> Reason.EvaluationsSkipped.name().equals(c.reason()))
          .map(c -> new Verdict(c.status(), Reason.EvaluationsSkipped, c.message()));
    }
    return f.observation()
        .useCase()
        .map(UseCaseStatus::skipStreak)
        .filter(s -> s.cycles() >= f.maxSkippedCycles())
        .map(s -> skipped(s, f));
  }

  private static Verdict disconnected(
      PlantConnection c, Optional<RecommendationSummary> lastRecommendation) {
    return new Verdict(
        ConditionStatus.False,
        Reason.PlantDisconnected,
        "plant connection lost since "
            + Conditions.timestamp(c.since())
            + ": the connector's OPC UA session is "
            + c.state()
            + c.message().map(m -> " (" + m + ")").orElse("")
            + "; "
            + lastValidInference(lastRecommendation, c.since(), "the loss")
            + lastRecommendation
                .map(r -> "; status.lastRecommendation stays as it was until the plant reconnects")
                .orElse(""));
  }

  private static Verdict skipped(SkipStreak s, Facts f) {
    Instant since = Instant.ofEpochMilli(s.sinceMs());
    return new Verdict(
        ConditionStatus.False,
        Reason.EvaluationsSkipped,
        "every evaluation cycle skipped since "
            + Conditions.timestamp(since)
            + " (at least "
            + f.maxSkippedCycles()
            + " in a row: spec.promotion.maxSkippedCycles of UseCaseTemplate "
            + f.template()
            + "); the latest for "
            + s.reason()
            + (s.signal() == null ? "" : " on signal " + s.signal())
            + "; "
            + lastValidInference(f.lastRecommendation(), since, "the first skip"));
  }

  /** "last valid inference at T, 3m10s before {@code event}", or that there was none. */
  private static String lastValidInference(
      Optional<RecommendationSummary> last, Instant reference, String event) {
    Optional<Instant> at = last.map(RecommendationSummary::at).flatMap(Conditions::instant);
    if (at.isEmpty()) {
      return "no valid inference yet";
    }
    Duration age = Duration.between(at.get(), reference);
    return "last valid inference at "
        + Conditions.timestamp(at.get())
        + (age.isNegative() ? "" : ", " + Durations.human(age) + " before " + event);
  }
}
