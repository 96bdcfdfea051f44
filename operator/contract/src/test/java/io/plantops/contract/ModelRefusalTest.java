package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelRefusalTest {

  @Test
  void readsBackWhatItWrites() {
    ModelRefusal r = ModelRefusal.of(ModelRefusalReason.SignatureMismatch, "input has 6 columns");
    assertThat(r.toString()).isEqualTo("SignatureMismatch: input has 6 columns");
    assertThat(ModelRefusal.parse(r.toString())).isEqualTo(r);
  }

  @Test
  void keepsAReasonThisBuildDoesNotKnowAsTextWithoutGuessingItsKind() {
    ModelRefusal r = ModelRefusal.parse("QuantumFlux: something new");
    assertThat(r.reason()).isEmpty();
    assertThat(r.detail()).isEqualTo("QuantumFlux: something new");
    assertThat(r.toString()).isEqualTo("QuantumFlux: something new");
  }
}
