package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Stage;
import org.junit.jupiter.api.Test;

class PendingPromotionTest {

  @Test
  void theStatusWritesAStageOrAVersionPromotionAsItAlwaysHas() {
    assertThat(new PendingPromotion.ToStage(Stage.ClosedLoop).statusText())
        .isEqualTo("Stage:ClosedLoop");
    assertThat(new PendingPromotion.ToVersion("1.3.0").statusText()).isEqualTo("Version:1.3.0");
  }

  @Test
  void approvalsAreAskedForTheStageOrTheVersion() {
    assertThat(new PendingPromotion.ToStage(Stage.Advisory).describe()).isEqualTo("stage Advisory");
    assertThat(new PendingPromotion.ToVersion("1.3.0").describe()).isEqualTo("version 1.3.0");
  }
}
