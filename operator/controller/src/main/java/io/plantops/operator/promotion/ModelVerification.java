package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.status.Reason;
import java.util.Optional;

/**
 * Whether the plant's inference server runs a model version as decided: loaded, with the digest the
 * template gives. This is the ModelVerified condition.
 *
 * @param status True (loaded with the expected digest), False (the server refused or serves
 *     something else), Unknown (not polled, unreachable, loading, or not in its config yet)
 * @param reason why
 * @param message for people, with the server's own reason when it refused the model
 * @param loadedSha256 the digest the server loaded, when it loaded the expected one
 */
public record ModelVerification(
    ConditionStatus status, Reason reason, String message, Optional<String> loadedSha256) {

  /** Nothing to verify: no model is decided. */
  public static ModelVerification none(String why) {
    return new ModelVerification(ConditionStatus.Unknown, Reason.NotLoaded, why, Optional.empty());
  }

  /** Verifies {@code expected} against what the inference server reports. */
  public static ModelVerification of(ModelVersion expected, UseCaseObservation observation) {
    String v = expected.version();
    switch (observation.reachability()) {
      case NotPolled -> {
        return unknown(
            Reason.NotPolled, "the inference server has not been polled yet for model " + v);
      }
      case Unreachable -> {
        return unknown(
            Reason.InferenceServerUnreachable,
            "cannot read the inference server's status: " + observation.error().orElse("unknown"));
      }
      default -> {
        // reachable: look at the use case below
      }
    }
    Optional<UseCaseStatus> useCase = observation.useCase();
    if (useCase.isEmpty() || useCase.get().active() == null) {
      String config =
          observation.configError().map(e -> "; it refused its newest config: " + e).orElse("");
      return unknown(
          Reason.NotLoaded,
          "the inference server does not run this use case yet (config "
              + observation.configVersion().orElse("none")
              + ")"
              + config);
    }
    ModelState active = useCase.get().active();
    boolean sameVersion = v.equals(active.version());
    ModelLoadState state = active.state();
    if (sameVersion && state == ModelLoadState.Loaded) {
      if (expected.sha256().equals(active.sha256())) {
        return new ModelVerification(
            ConditionStatus.True,
            Reason.Loaded,
            "model " + v + " loaded with SHA-256 " + expected.sha256(),
            Optional.of(active.sha256()));
      }
      return new ModelVerification(
          ConditionStatus.False,
          Reason.DigestMismatch,
          "model "
              + v
              + " was loaded with SHA-256 "
              + active.sha256()
              + " but the template gives "
              + expected.sha256()
              + ": publish the file the template names, or correct spec.models[].sha256",
          Optional.empty());
    }
    if (sameVersion && state == ModelLoadState.Failed) {
      Optional<ModelRefusal> refusal = Optional.ofNullable(active.reason());
      String why = refusal.map(ModelRefusal::toString).orElse("no reason given");
      Reason reason =
          refusal.flatMap(ModelRefusal::reason).orElse(null) == ModelRefusalReason.DigestMismatch
              ? Reason.DigestMismatch
              : Reason.LoadFailed;
      String serving =
          active.servingVersion() == null
              ? "no model serves"
              : "version " + active.servingVersion() + " keeps serving";
      return new ModelVerification(
          ConditionStatus.False,
          reason,
          "the inference server refused model " + v + ": " + why + " (" + serving + ")",
          Optional.empty());
    }
    if (sameVersion) {
      return unknown(
          Reason.Loading, "model " + v + " is " + (state == null ? "not loaded" : state));
    }
    return unknown(
        Reason.NotLoaded,
        "the inference server still runs model "
            + active.version()
            + " for this use case; waiting for it to load "
            + v);
  }

  private static ModelVerification unknown(Reason reason, String message) {
    return new ModelVerification(ConditionStatus.Unknown, reason, message, Optional.empty());
  }
}
