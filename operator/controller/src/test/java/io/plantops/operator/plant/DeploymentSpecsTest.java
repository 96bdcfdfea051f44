package io.plantops.operator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.plantops.api.v1alpha1.ConnectorSpec;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.contract.MountPaths;
import io.plantops.operator.testing.Examples;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentSpecsTest {

  static Plant lyon() {
    return (Plant) Examples.read(Examples.DIR.resolve("plants/lyon/plant.yaml"));
  }

  static Volume dataVolume(Deployment d) {
    String name =
        d.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(MountPaths.DATA_DIR))
            .findFirst()
            .orElseThrow()
            .getName();
    return d.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void connectorDataIsAnEmptyDirUnlessThePlantNamesAClaim() {
    Plant plant = lyon();
    Volume data = dataVolume(DeploymentSpecs.deployment(Workload.CONNECTOR, view(plant)));
    assertThat(data.getEmptyDir()).isNotNull();
    assertThat(data.getPersistentVolumeClaim()).isNull();

    ConnectorSpec c = plant.getSpec().connector();
    PlantSpec s = plant.getSpec();
    plant.setSpec(
        new PlantSpec(
            s.displayName(),
            s.region(),
            s.timezone(),
            s.rolloutRing(),
            s.opcua(),
            s.inferenceServer(),
            new ConnectorSpec(
                c.image(),
                c.resources(),
                c.bufferMaxMiB(),
                c.staleAfterIntervals(),
                c.adoptionWindowMinutes(),
                c.writesEnabled(),
                "lyon-connector-data")));
    Volume claimed = dataVolume(DeploymentSpecs.deployment(Workload.CONNECTOR, view(plant)));
    assertThat(claimed.getEmptyDir()).isNull();
    assertThat(claimed.getPersistentVolumeClaim().getClaimName()).isEqualTo("lyon-connector-data");
    // the inference server keeps its emptyDir: its data is a cache
    assertThat(
            dataVolume(DeploymentSpecs.deployment(Workload.INFERENCE_SERVER, view(plant)))
                .getEmptyDir())
        .isNotNull();
  }

  static PlantView view(Plant plant) {
    return PlantStatusAggregatorTest.view(plant, List.of(), Optional.empty());
  }
}
