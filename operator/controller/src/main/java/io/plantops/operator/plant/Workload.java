package io.plantops.operator.plant;

import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.WorkloadResources;
import io.plantops.contract.Ports;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.model.Labels;
import io.plantops.operator.model.Names;
import java.util.Optional;

/** The two per-plant workloads, with what differs between them. */
public enum Workload {
  INFERENCE_SERVER(
      Labels.Component.INFERENCE_SERVER, Names.INFERENCE_CONTAINER, Ports.INFERENCE_HTTP),
  CONNECTOR(Labels.Component.CONNECTOR, Names.CONNECTOR_CONTAINER, Ports.CONNECTOR_HTTP);

  private final Labels.Component component;
  private final String container;
  private final int port;

  Workload(Labels.Component component, String container, int port) {
    this.component = component;
    this.container = container;
    this.port = port;
  }

  public Labels.Component component() {
    return component;
  }

  public String container() {
    return container;
  }

  public int port() {
    return port;
  }

  /** Name of the Deployment, Service and ServiceAccount. */
  public String name(String plant) {
    return this == INFERENCE_SERVER ? Names.inferenceServer(plant) : Names.connector(plant);
  }

  /** The image: the Plant's override, else the operator's configured one. */
  public String image(Plant plant, OperatorProperties.Workloads settings) {
    Optional<String> override =
        Optional.ofNullable(
                this == INFERENCE_SERVER
                    ? plant.getSpec().inferenceServer().image()
                    : plant.getSpec().connector().image())
            .filter(s -> !s.isBlank());
    return override.orElseGet(
        () ->
            this == INFERENCE_SERVER
                ? settings.inferenceServer().reference()
                : settings.connector().reference());
  }

  /** The Plant's resources for this workload, if it gives any. */
  public Optional<WorkloadResources> resources(Plant plant) {
    return Optional.ofNullable(
        this == INFERENCE_SERVER
            ? plant.getSpec().inferenceServer().resources()
            : plant.getSpec().connector().resources());
  }

  /** The operator's default resources for this workload. */
  public OperatorProperties.Resources defaults(OperatorProperties.Workloads settings) {
    return this == INFERENCE_SERVER
        ? settings.inferenceServerResources()
        : settings.connectorResources();
  }

  /** One amount of the Plant's resources, when given. */
  static Optional<String> amount(
      Optional<WorkloadResources> resources, boolean requests, boolean cpu) {
    return resources
        .map(r -> requests ? r.requests() : r.limits())
        .map(a -> cpu ? a.cpu() : a.memory())
        .filter(s -> !s.isBlank());
  }
}
