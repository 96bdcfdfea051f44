package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The candidate scored in shadow beside the active version: the version the version policy
 * (FollowLatest or Pinned) selects, when it is not the active one. A candidate keeps the time it
 * started while the policy keeps selecting it.
 *
 * @param candidate the candidate, if there is one
 * @param changes the history points this selection adds: a candidate withdrawn, one started
 */
record CandidateSelection(Optional<CandidateModel> candidate, List<Change> changes) {

  CandidateSelection {
    changes = List.copyOf(changes);
  }

  /** A change of candidate, recorded in the history. */
  sealed interface Change {

    String version();

    default HistoryReason reason() {
      return this instanceof Started
          ? HistoryReason.CandidateStarted
          : HistoryReason.CandidateWithdrawn;
    }

    /**
     * A version started scoring in shadow.
     *
     * @param version the candidate
     * @param beside the active version
     * @param policy the version policy that selects it
     */
    record Started(String version, String beside, VersionPolicy policy) implements Change {}

    /**
     * The version policy no longer selects the candidate.
     *
     * @param version the candidate withdrawn
     * @param policy the version policy
     * @param selects the version it selects now
     */
    record Withdrawn(String version, VersionPolicy policy, String selects) implements Change {}
  }

  /**
   * The candidate beside {@code active}.
   *
   * @param selected the version the version policy selects
   * @param active the active version
   * @param was the candidate in the status as last written
   * @param policy the version policy
   * @param now the time of the decision (RFC 3339)
   */
  static CandidateSelection of(
      ModelVersion selected,
      ModelVersion active,
      Optional<CandidateModel> was,
      VersionPolicy policy,
      String now) {
    List<Change> changes = new ArrayList<>();
    if (selected.version().equals(active.version())) {
      withdraw(was, active, selected, policy).ifPresent(changes::add);
      return new CandidateSelection(Optional.empty(), changes);
    }
    if (was.isPresent() && selected.version().equals(was.get().version())) {
      String since = was.get().since() == null ? now : was.get().since();
      return new CandidateSelection(Optional.of(shadowed(selected, since)), changes);
    }
    withdraw(was, active, selected, policy).ifPresent(changes::add);
    changes.add(new Change.Started(selected.version(), active.version(), policy));
    return new CandidateSelection(Optional.of(shadowed(selected, now)), changes);
  }

  private static Optional<Change> withdraw(
      Optional<CandidateModel> was, ModelVersion active, ModelVersion selected, VersionPolicy p) {
    Optional<String> version = was.map(CandidateModel::version);
    if (version.isEmpty() || version.get().equals(active.version())) {
      return Optional.empty(); // none, or promoted rather than withdrawn
    }
    return Optional.of(new Change.Withdrawn(version.get(), p, selected.version()));
  }

  private static CandidateModel shadowed(ModelVersion m, String since) {
    return new CandidateModel(
        m.version(), m.sha256(), Stage.Shadow, since, null, null, null, null, null, null);
  }
}
