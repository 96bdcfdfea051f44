package io.plantops.operator.observe;

import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import java.util.Optional;

/**
 * What a plant's inference server last reported about one use case (one SiteDeployment).
 *
 * @param reachability whether the inference server answered
 * @param error why it did not, when it did not
 * @param configVersion the config version the server runs, when it answered
 * @param configError why the server refused its newest config, if it did
 * @param useCase the use case's figures, when the server runs it
 */
public record UseCaseObservation(
    Reachability reachability,
    Optional<String> error,
    Optional<String> configVersion,
    Optional<String> configError,
    Optional<UseCaseStatus> useCase) {

  /** Nothing known. */
  public static UseCaseObservation notPolled() {
    return new UseCaseObservation(
        Reachability.NotPolled,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The projection of a plant's observation on the use case named {@code siteDeployment}. */
  public static UseCaseObservation of(PlantObservation plant, String siteDeployment) {
    Probe<InferenceStatus> probe = plant.inference();
    if (probe.body().isEmpty()) {
      return new UseCaseObservation(
          probe.reachability(),
          probe.error(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
    InferenceStatus status = probe.body().get();
    return new UseCaseObservation(
        Reachability.Reachable,
        Optional.empty(),
        Optional.ofNullable(status.configVersion()),
        Optional.ofNullable(status.configError()),
        status.useCases().stream().filter(u -> siteDeployment.equals(u.name())).findFirst());
  }
}
