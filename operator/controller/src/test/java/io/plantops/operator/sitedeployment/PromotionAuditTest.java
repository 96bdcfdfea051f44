package io.plantops.operator.sitedeployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.PromotionDecision;
import io.plantops.operator.status.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionAuditTest {

  @Test
  void writesOneJsonLineAnsweringWhichModelWhenAndApprovedByWhom() throws Exception {
    SiteDeployment sd = new SiteDeployment();
    sd.getMetadata().setNamespace("plant-lyon");
    sd.getMetadata().setName("kiln1-energy");
    HistoryEntry h =
        new HistoryEntry(
            "1.2.0",
            Stage.ClosedLoop,
            "2026-11-30T09:00:00Z",
            null,
            HistoryReason.StagePromoted,
            Stage.Advisory,
            "1.2.0",
            List.of("a.martin (plant-manager)", "k.schmidt (corporate-ai-lead)"),
            "promoted from Advisory to ClosedLoop with \"quotes\"\nand a newline");
    String line =
        PromotionAudit.line(
            sd,
            new PromotionDecision.Transition(
                false, Reason.StagePromoted, h.message(), Optional.of(h)));

    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("namespace").asText()).isEqualTo("plant-lyon");
    assertThat(json.get("siteDeployment").asText()).isEqualTo("kiln1-energy");
    assertThat(json.get("kind").asText()).isEqualTo("promotion");
    assertThat(json.get("event").asText()).isEqualTo("StagePromoted");
    assertThat(json.get("at").asText()).isEqualTo("2026-11-30T09:00:00Z");
    assertThat(json.get("version").asText()).isEqualTo("1.2.0");
    assertThat(json.get("stage").asText()).isEqualTo("ClosedLoop");
    assertThat(json.get("fromStage").asText()).isEqualTo("Advisory");
    assertThat(json.get("approvals").get(1).asText()).isEqualTo("k.schmidt (corporate-ai-lead)");
    assertThat(json.get("message").asText()).contains("\"quotes\"\nand a newline");
  }

  @Test
  void labelsEveryHistoryReasonWithAKind() {
    for (HistoryReason r : HistoryReason.values()) {
      HistoryEntry h = new HistoryEntry("1.0.0", Stage.Shadow, "t", "t", r, null, null, null, "m");
      assertThat(PromotionAudit.kind(h)).isNotBlank();
      // every history reason is also an event reason
      assertThat(Reason.valueOf(r.name())).isNotNull();
    }
  }
}
