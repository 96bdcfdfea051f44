package io.plantops.operator.plant;

import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The inputs each SiteDeployment of a plant still lacks, for the Plant's Ready message. It reads
 * what each SiteDeployment's reconciler recorded from the contract check ({@code
 * status.missingSignals}); nothing is checked again here, so the Plant and its SiteDeployments
 * never disagree.
 */
final class MissingInputs {

  private MissingInputs() {}

  /**
   * "inputs still lacking: kiln-energy lacks a, b; free-lime lacks none", or empty when every
   * SiteDeployment of the plant (if any) has been checked and lacks nothing. Names are sorted so
   * that the message (and the status) stays the same from one reconciliation to the next.
   */
  static Optional<String> describe(List<SiteDeployment> siteDeployments) {
    List<String> parts = new ArrayList<>();
    boolean anyLacking = false;
    for (SiteDeployment sd :
        siteDeployments.stream()
            .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
            .toList()) {
      String name = sd.getMetadata().getName();
      SiteDeploymentStatus status = sd.getStatus();
      if (status == null || status.observedGeneration() == null) {
        parts.add(name + " not checked yet");
        anyLacking = true;
      } else if (status.missingSignals() == null || status.missingSignals().isEmpty()) {
        parts.add(name + " lacks none");
      } else {
        parts.add(name + " lacks " + String.join(", ", status.missingSignals()));
        anyLacking = true;
      }
    }
    return anyLacking
        ? Optional.of("inputs still lacking: " + String.join("; ", parts))
        : Optional.empty();
  }
}
