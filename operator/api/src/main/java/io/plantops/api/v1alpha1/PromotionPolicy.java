package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The corporate standard for promotion: how far the use case may go, the gates and approvals for
 * each stage and for a new model version, and how long a live site may go without a valid inference
 * before it stops counting as Ready.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.stages) || self.stages.all(s, self.stages.exists_one(t, t.stage == s.stage))",
    message = "each stage may have only one policy")
public record PromotionPolicy(
    @JsonPropertyDescription(
            "Highest autonomy any plant may reach: Advisory for an advice-only use case (a soft"
                + " sensor), ClosedLoop for one that may write setpoints.")
        @Default("Advisory")
        Stage maxAutonomy,
    @JsonPropertyDescription("Policy for entering each stage above Shadow.") @Size(max = 2)
        List<StagePolicy> stages,
    @JsonPropertyDescription("Policy for replacing the active model version with a new one.")
        VersionPromotionPolicy versionUpdate,
    @JsonPropertyDescription("When a site falls back by itself.") RollbackPolicy rollback,
    @JsonPropertyDescription(
            "Approvals older than this many days do not count (status says which are stale).")
        @Default("90")
        @Min(1)
        @Max(3650)
        Integer approvalMaxAgeDays,
    @JsonPropertyDescription(
            "A live site whose evaluation cycles have all been skipped (missing, stale, bad or"
                + " out-of-range inputs, no model loaded) this many times in a row is not Ready:"
                + " its Ready condition turns False with reason EvaluationsSkipped, naming the"
                + " skip reason and the signal. At the template's cadenceSeconds, the default is"
                + " five minutes without a valid inference.")
        @Default("" + PromotionPolicy.DEFAULT_MAX_SKIPPED_CYCLES)
        @Min(1)
        @Max(10000)
        Integer maxSkippedCycles,
    @JsonPropertyDescription(
            "How many of a site's inputs may be declared substitutes (TagMapping"
                + " spec.mappings[].substitute) while it runs ClosedLoop. A site with more is held"
                + " at Advisory: it is not promoted to ClosedLoop, and a ClosedLoop site whose"
                + " substitutes grow beyond the bound steps down to Advisory at once.")
        @Default("0")
        @Min(0)
        @Max(500)
        Integer maxSubstitutedInputsAtClosedLoop,
    @JsonPropertyDescription(
            "Roll a new model version across the fleet ring by ring (Plant spec.rolloutRing,"
                + " lowest first). Without it, every FollowLatest site receives a new version at"
                + " once.")
        RolloutPolicy rollout) {

  /** Skipped cycles in a row a live site may have before it is not Ready. */
  public static final int DEFAULT_MAX_SKIPPED_CYCLES = 5;

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public PromotionPolicy {
    maxAutonomy = maxAutonomy == null ? Stage.Advisory : maxAutonomy;
    stages = stages == null ? List.of() : List.copyOf(stages);
    versionUpdate = versionUpdate == null ? new VersionPromotionPolicy(null, null) : versionUpdate;
    rollback = rollback == null ? new RollbackPolicy(null, null, null, null, null) : rollback;
    approvalMaxAgeDays = approvalMaxAgeDays == null ? 90 : approvalMaxAgeDays;
    maxSkippedCycles = maxSkippedCycles == null ? DEFAULT_MAX_SKIPPED_CYCLES : maxSkippedCycles;
    maxSubstitutedInputsAtClosedLoop =
        maxSubstitutedInputsAtClosedLoop == null ? 0 : maxSubstitutedInputsAtClosedLoop;
  }

  /** A policy that allows no substituted input at ClosedLoop. */
  public PromotionPolicy(
      Stage maxAutonomy,
      List<StagePolicy> stages,
      VersionPromotionPolicy versionUpdate,
      RollbackPolicy rollback,
      Integer approvalMaxAgeDays,
      Integer maxSkippedCycles) {
    this(maxAutonomy, stages, versionUpdate, rollback, approvalMaxAgeDays, maxSkippedCycles, null);
  }

  /** A policy without a fleet rollout: a new version reaches every FollowLatest site at once. */
  public PromotionPolicy(
      Stage maxAutonomy,
      List<StagePolicy> stages,
      VersionPromotionPolicy versionUpdate,
      RollbackPolicy rollback,
      Integer approvalMaxAgeDays,
      Integer maxSkippedCycles,
      Integer maxSubstitutedInputsAtClosedLoop) {
    this(
        maxAutonomy,
        stages,
        versionUpdate,
        rollback,
        approvalMaxAgeDays,
        maxSkippedCycles,
        maxSubstitutedInputsAtClosedLoop,
        null);
  }

  /** The policy guarding {@code stage}, or an empty one when the template gives none. */
  public StagePolicy forStage(Stage stage) {
    return stages.stream()
        .filter(s -> s.stage() == stage)
        .findFirst()
        .orElse(new StagePolicy(stage, null, null));
  }
}
