package io.plantops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Plant;
import org.junit.jupiter.api.Test;

class NamesTest {

  static Plant plant(String name) {
    Plant p = new Plant();
    p.getMetadata().setName(name);
    return p;
  }

  @Test
  void derivesEveryNameFromThePlant() {
    assertThat(Names.inferenceServer("lyon")).isEqualTo("lyon-inference");
    assertThat(Names.connector("lyon")).isEqualTo("lyon-connector");
    assertThat(Names.plantConfig("lyon")).isEqualTo("lyon-plant-config");
    assertThat(Names.inferenceUrl("lyon", "plant-lyon"))
        .isEqualTo("http://lyon-inference.plant-lyon.svc:8080");
    assertThat(Names.problem(plant("lyon"))).isEmpty();
  }

  @Test
  void refusesPlantNamesThatCannotNameAService() {
    assertThat(Names.problem(plant("a".repeat(54))))
        .get()
        .asString()
        .contains("rename the Plant to at most 53 characters");
    assertThat(Names.problem(plant("kiln.lyon"))).get().asString().contains("RFC 1035");
    assertThat(Names.problem(plant("1lyon"))).get().asString().contains("starting with a letter");
  }
}
