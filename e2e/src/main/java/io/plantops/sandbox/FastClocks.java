package io.plantops.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.plantops.api.v1alpha1.Gates;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.DriftStatus;
import io.plantops.sandbox.api.Mutation;
import java.util.List;

/**
 * The example templates with their clocks shortened, so that a promotion from Shadow to ClosedLoop
 * can be watched in minutes ({@code ./sandbox --fast}) and tested in minutes (the end-to-end
 * tests). Limits, calibration, approvals required and the safety envelope are untouched; what
 * changes is only how long things take, and what cannot be measured in minutes:
 *
 * <ul>
 *   <li>a 1 s evaluation cadence instead of 60 s;
 *   <li>gates of 5 samples and no minimum duration; the KPI, condition and agreement gates are
 *       removed (the simulated operators do not follow advice, and a KPI over a few minutes says
 *       little) and the drift gate allows Warn;
 *   <li>drift decided after 30 evaluations by the mean-shift detector alone: PSI compares a day of
 *       evaluations with a 14-day reference, and over a minute of 1 s evaluations of 5-minute means
 *       it is noise. The mean-shift thresholds sit above what closed-loop control itself shifts in
 *       a few minutes (about one standard deviation of fuel flow) and far below a sensor fault of
 *       many standard deviations;
 *   <li>approvals valid for ten years, since the examples carry real dates;
 *   <li>setpoint ramps of 2 units a minute, so that an effect shows within a minute.
 * </ul>
 *
 * <p>The template is read as the typed {@link UseCaseTemplate}; the changes are a JSON Patch (RFC
 * 6902) against the manifest as written, so that everything else stays exactly as in the file (a
 * round trip through the typed model would add every default). Applying it twice gives what
 * applying it once gives.
 *
 * <p>In a {@code --fast} sandbox the API server applies it to every UseCaseTemplate written ({@link
 * #MUTATION}), so that {@code kubectl apply -f examples/templates} a second time keeps the fast
 * clocks instead of quietly restoring gates of a day.
 */
public final class FastClocks {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Gates NO_GATES = new Gates(null, null, null, null, null, null, null);

  /** The sandbox API server's mutation of every UseCaseTemplate written in a --fast sandbox. */
  public static final Mutation MUTATION =
      new Mutation(
          "plantops.io/v1alpha1/usecasetemplates",
          "fast-clocks",
          "./sandbox --fast: stored with clocks of seconds (1 s cadence, gates of 5 samples), not"
              + " the clocks in the file",
          FastClocks::apply);

  private FastClocks() {}

  /** The UseCaseTemplate manifest with fast clocks; the argument is not modified. */
  public static JsonNode apply(JsonNode manifest) {
    return JsonPatch.apply(patch(manifest), manifest);
  }

  /** The changes {@link #apply} makes, as a JSON Patch against {@code manifest}. */
  public static ArrayNode patch(JsonNode manifest) {
    UseCaseTemplateSpec spec = typed(manifest).getSpec();
    Ops ops = new Ops();
    ops.set("/spec/cadenceSeconds", F.numberNode(1));
    if (!manifest.at("/spec/drift").isObject()) {
      ops.set("/spec/drift", F.objectNode());
    }
    ops.set("/spec/drift/minSamples", F.numberNode(30));
    // PSI over a few dozen samples is noise: thresholds at the top of the sane range, which the
    // PSI of the examples' reference bins (about 8.3 at most) never reaches; mean shift stays on
    ops.set("/spec/drift/psiWarn", F.numberNode(9.0));
    ops.set("/spec/drift/psiAlert", F.numberNode(10.0));
    ops.set("/spec/drift/meanShiftWarn", F.numberNode(400.0));
    ops.set("/spec/drift/meanShiftAlert", F.numberNode(500.0));
    List<OutputSignal> outputs = spec.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).maxRatePerMinute() != null) {
        ops.set("/spec/outputs/" + i + "/maxRatePerMinute", F.numberNode(2.0));
      }
    }
    if (!manifest.at("/spec/promotion").isObject()) {
      return ops.patch;
    }
    PromotionPolicy promotion = spec.promotion();
    ops.set("/spec/promotion/approvalMaxAgeDays", F.numberNode(3650));
    for (int i = 0; i < promotion.stages().size(); i++) {
      relax(ops, "/spec/promotion/stages/" + i + "/gates", promotion.stages().get(i).gates());
    }
    relax(ops, "/spec/promotion/versionUpdate/gates", promotion.versionUpdate().gates());
    return ops.patch;
  }

  /** Gates of 5 samples and no minimum duration; the gates minutes cannot judge removed. */
  private static void relax(Ops ops, String at, Gates gates) {
    if (NO_GATES.equals(gates)) {
      return;
    }
    ops.set(at + "/minSamples", F.numberNode(5));
    ops.set(at + "/minMinutes", F.numberNode(0));
    ops.removeIf(gates.maxKpiDegradationPercent() != null, at + "/maxKpiDegradationPercent");
    ops.removeIf(gates.condition() != null, at + "/condition");
    ops.removeIf(gates.maxMeanAbsDelta() != null, at + "/maxMeanAbsDelta");
    ops.removeIf(gates.maxMeanAbsError() != null, at + "/maxMeanAbsError");
    if (gates.maxDriftStatus() != null) {
      ops.set(at + "/maxDriftStatus", F.textNode(DriftStatus.Warn.name()));
    }
  }

  private static UseCaseTemplate typed(JsonNode manifest) {
    try {
      return Serialization.jsonMapper().treeToValue(manifest, UseCaseTemplate.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a UseCaseTemplate the API accepts: " + e.getOriginalMessage(), e);
    }
  }

  /** JSON Patch operations under construction. */
  private static final class Ops {
    final ArrayNode patch = F.arrayNode();

    /** {@code add}: sets an object member, replacing one that exists (RFC 6902 §4.1). */
    void set(String path, JsonNode value) {
      ObjectNode op = patch.addObject();
      op.put("op", "add").put("path", path).set("value", value);
    }

    void removeIf(boolean present, String path) {
      if (present) {
        patch.addObject().put("op", "remove").put("path", path);
      }
    }
  }
}
