package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonDiff;
import io.plantops.api.v1alpha1.Gates;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.DriftStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastClocksTest {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();

  /** The only places FastClocks may touch. */
  static final Pattern CLOCKS =
      Pattern.compile(
          "^/spec/(cadenceSeconds|drift(/.*)?|outputs/\\d+/maxRatePerMinute"
              + "|promotion/approvalMaxAgeDays|promotion/stages/\\d+/gates/\\w+"
              + "|promotion/versionUpdate/gates/\\w+)$");

  static JsonNode manifest(String template) throws Exception {
    return new YAMLMapper().readTree(ROOT.resolve("examples/templates/" + template).toFile());
  }

  static UseCaseTemplateSpec typed(JsonNode manifest) throws Exception {
    return Serialization.jsonMapper().treeToValue(manifest, UseCaseTemplate.class).getSpec();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml"})
  void shortensTheClocksAndLeavesEveryLimitAndApproverAsWritten(String template) throws Exception {
    JsonNode original = manifest(template);
    UseCaseTemplateSpec before = typed(original);
    UseCaseTemplateSpec after = typed(FastClocks.apply(original));

    assertThat(after.cadenceSeconds()).isEqualTo(1);
    assertThat(after.drift().minSamples()).isEqualTo(30);
    assertThat(after.drift().meanShiftAlert()).isEqualTo(500.0);
    assertThat(after.promotion().approvalMaxAgeDays()).isEqualTo(3650);
    for (int i = 0; i < after.outputs().size(); i++) {
      OutputSignal was = before.outputs().get(i);
      OutputSignal now = after.outputs().get(i);
      assertThat(now.limits()).isEqualTo(was.limits());
      assertThat(now.maxRatePerMinute()).isEqualTo(was.maxRatePerMinute() == null ? null : 2.0);
    }
    List<Gates> gates = new ArrayList<>();
    for (int i = 0; i < after.promotion().stages().size(); i++) {
      StagePolicy was = before.promotion().stages().get(i);
      StagePolicy now = after.promotion().stages().get(i);
      assertThat(now.requiredApprovals()).isEqualTo(was.requiredApprovals());
      gates.add(now.gates());
    }
    gates.add(after.promotion().versionUpdate().gates());
    assertThat(gates)
        .isNotEmpty()
        .allSatisfy(
            g -> {
              assertThat(g.minSamples()).isEqualTo(5L);
              assertThat(g.minMinutes()).isZero();
              assertThat(g.condition()).isNull();
              assertThat(g.maxKpiDegradationPercent()).isNull();
              assertThat(g.maxMeanAbsDelta()).isNull();
              assertThat(g.maxMeanAbsError()).isNull();
              assertThat(g.maxDriftStatus()).isIn(null, DriftStatus.Warn);
            });
    assertThat(after.promotion().versionUpdate().requiredApprovals())
        .isEqualTo(before.promotion().versionUpdate().requiredApprovals());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml"})
  void changesNothingOutsideTheClocksOfTheManifestAsWritten(String template) throws Exception {
    JsonNode original = manifest(template);
    JsonNode copy = original.deepCopy();
    JsonNode fast = FastClocks.apply(original);
    assertThat(original).as("the argument is not modified").isEqualTo(copy);
    List<String> touched = new ArrayList<>();
    JsonDiff.asJson(original, fast).forEach(op -> touched.add(op.path("path").asText()));
    assertThat(touched).isNotEmpty().allMatch(p -> CLOCKS.matcher(p).matches());
  }
}
