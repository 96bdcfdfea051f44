package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a {@link UseCaseTemplate}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.inputs.all(i, self.inputs.exists_one(j, j.signal == i.signal))",
    message = "each input signal may appear only once in inputs")
@ValidationRule(
    value = "self.outputs.all(o, self.outputs.exists_one(p, p.name == o.name))",
    message = "output names must be unique")
@ValidationRule(
    value = "self.models.all(m, self.models.exists_one(n, n.version == m.version))",
    message = "model versions must be unique")
@ValidationRule(
    value = "!has(self.kpis) || self.kpis.all(k, self.kpis.exists_one(l, l.name == k.name))",
    message = "KPI names must be unique")
@ValidationRule(
    value =
        "!has(self.promotion) || !has(self.promotion.maxAutonomy)"
            + " || self.promotion.maxAutonomy != 'ClosedLoop'"
            + " || self.outputs.exists(o, o.kind == 'Setpoint')",
    message = "promotion.maxAutonomy ClosedLoop needs at least one Setpoint output")
public record UseCaseTemplateSpec(
    @JsonPropertyDescription("Human-readable name of the use case.") @Required @Size(max = 128)
        String displayName,
    @JsonPropertyDescription("What the use case does, for whom, and what it changes in the plant.")
        @Size(max = 4096)
        String description,
    @JsonPropertyDescription("Team that owns the template (corporate AI team).") @Size(max = 128)
        String owner,
    @JsonPropertyDescription("How often, in seconds, the use case is evaluated at each plant.")
        @Default("60")
        @Min(1)
        @Max(86400)
        Integer cadenceSeconds,
    @JsonPropertyDescription(
            "Model features, in the column order of the model's input tensor. Every plant must"
                + " map each of them.")
        @Required
        @Size(min = 1, max = 128)
        List<InputSignal> inputs,
    @JsonPropertyDescription(
            "Signals read from the plant that are not model features: KPI terms and measured"
                + " targets such as a lab analysis. Every plant must map them too.")
        @Size(max = 64)
        List<InputSignal> observedSignals,
    @JsonPropertyDescription("Model outputs, in the column order of the model's output tensor.")
        @Required
        @Size(min = 1, max = 16)
        List<OutputSignal> outputs,
    @JsonPropertyDescription(
            "Released model versions. Plants pin one or follow the latest (highest semantic"
                + " version).")
        @Required
        @Size(min = 1, max = 32)
        List<ModelVersion> models,
    @JsonPropertyDescription("KPIs measured at every plant against the plant's own baseline.")
        @Size(max = 16)
        List<Kpi> kpis,
    @JsonPropertyDescription("Drift thresholds.") DriftPolicy drift,
    @JsonPropertyDescription("Stages, gates, approvals and rollback rules.")
        PromotionPolicy promotion,
    @JsonPropertyDescription("When to ask for retraining.") RetrainingPolicy retraining) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public UseCaseTemplateSpec {
    cadenceSeconds = cadenceSeconds == null ? 60 : cadenceSeconds;
    observedSignals = observedSignals == null ? List.of() : List.copyOf(observedSignals);
    kpis = kpis == null ? List.of() : List.copyOf(kpis);
    drift = drift == null ? DriftPolicy.defaults() : drift;
    promotion =
        promotion == null ? new PromotionPolicy(null, null, null, null, null, null) : promotion;
    retraining = retraining == null ? new RetrainingPolicy(null, null, null, null) : retraining;
  }
}
