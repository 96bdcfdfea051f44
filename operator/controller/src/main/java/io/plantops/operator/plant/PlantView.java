package io.plantops.operator.plant;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.render.PlantConfigRenderer;
import java.util.Optional;

/**
 * Everything the Plant's dependents derive their desired state from, computed once per
 * reconciliation (rendering the config is not free) and handed to them through the context.
 *
 * @param plant the Plant
 * @param rendered the resolved plant config and what it needs mounted
 * @param workloads the operator's workload settings
 * @param namesProblem why the Plant's name cannot name its Services, if it cannot
 */
public record PlantView(
    Plant plant,
    PlantConfigRenderer.Rendered rendered,
    OperatorProperties.Workloads workloads,
    Optional<String> namesProblem) {

  private static final String KEY = PlantView.class.getName();

  /** Hands the view to the dependents of this reconciliation. */
  public void attach(Context<Plant> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** The view of the current reconciliation. */
  public static PlantView of(Context<Plant> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, PlantView.class);
  }
}
