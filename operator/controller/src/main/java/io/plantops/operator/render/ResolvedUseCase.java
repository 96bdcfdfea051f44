package io.plantops.operator.render;

import io.plantops.api.v1alpha1.GuidanceMapping;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.KpiDirection;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.OutputKind;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.Aggregation;
import io.plantops.contract.Autonomy;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.Reference;
import io.plantops.operator.validation.CalibrationCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A use case that can run at its plant, with everything needed to write its section of the resolved
 * config.
 *
 * @param sd the SiteDeployment
 * @param template its template's spec
 * @param stage the stage it runs at (decided, then capped)
 * @param active the active model
 * @param candidate the candidate model scored in shadow, if any
 * @param signals its signal mappings, by canonical signal
 * @param substitutes its substituted signals, by canonical signal
 * @param guidance the valid guidance entries of its TagMapping
 */
record ResolvedUseCase(
    SiteDeployment sd,
    UseCaseTemplateSpec template,
    Stage stage,
    ModelVersion active,
    Optional<ModelVersion> candidate,
    Map<String, SignalMapping> signals,
    Map<String, SubstituteSignal> substitutes,
    List<GuidanceMapping> guidance) {

  /** The URIs of its models, the active one first. */
  List<String> modelUris() {
    List<String> uris = new ArrayList<>();
    uris.add(active.uri());
    candidate.ifPresent(m -> uris.add(m.uri()));
    return uris;
  }

  /**
   * Its section of the config. An output is written to the plant only when it is a setpoint, the
   * use case runs in ClosedLoop, the plant maps its signal ReadWrite and the plant allows writes.
   * An output whose signal has guidance tags in the TagMapping gets them, whatever the stage: the
   * connector writes guidance in Advisory and ClosedLoop only.
   */
  UseCaseConfig toConfig(Map<String, SignalMapping> plantSignals, boolean writesEnabled) {
    var calibration = sd.getSpec().calibration();
    List<Output> outputs = new ArrayList<>();
    List<UseCaseConfig.Guidance> tags = new ArrayList<>();
    for (OutputSignal o : template.outputs()) {
      guidance.stream()
          .filter(g -> g.signal().equals(o.signal()))
          .findFirst()
          .ifPresent(
              g ->
                  tags.add(
                      new UseCaseConfig.Guidance(
                          o.name(),
                          o.signal(),
                          g.valueNodeId(),
                          g.unit(),
                          g.scale(),
                          g.offset(),
                          g.textNodeId(),
                          g.heartbeatNodeId(),
                          g.minIntervalSeconds() * 1000L,
                          sd.getSpec().tagMappingRef())));
      Range limits = o.limits();
      Range calibrated = calibration.limits().get(o.name());
      Range effective =
          calibrated == null ? limits : CalibrationCheck.effective(calibrated, limits);
      SignalMapping mapped = plantSignals.get(o.signal());
      boolean write =
          o.kind() == OutputKind.Setpoint
              && stage == Stage.ClosedLoop
              && mapped != null
              && mapped.writable()
              && writesEnabled;
      outputs.add(
          new Output(
              o.name(),
              o.signal(),
              o.kind() == OutputKind.Setpoint
                  ? UseCaseConfig.OutputKind.Setpoint
                  : UseCaseConfig.OutputKind.Prediction,
              o.unit(),
              limits == null ? null : limits.min(),
              limits == null ? null : limits.max(),
              effective == null ? null : effective.min(),
              effective == null ? null : effective.max(),
              calibration.bias().getOrDefault(o.name(), 0.0),
              o.maxRatePerMinute(),
              o.deadband(),
              o.measuredSignal(),
              write));
    }
    return new UseCaseConfig(
        sd.getMetadata().getName(),
        sd.getSpec().templateRef().name(),
        Autonomy.valueOf(stage.name()),
        template.cadenceSeconds(),
        template.inputs().stream().map(ResolvedUseCase::feature).toList(),
        template.observedSignals().stream().map(ResolvedUseCase::feature).toList(),
        outputs,
        model(active),
        candidate.map(ResolvedUseCase::model).orElse(null),
        template.kpis().stream()
            .map(
                k ->
                    new KpiDefinition(
                        k.name(),
                        k.expression(),
                        k.unit(),
                        k.direction() == KpiDirection.LowerIsBetter,
                        k.windowMinutes(),
                        calibration.kpiBaselines().get(k.name()),
                        k.baselineWindowHours(),
                        KeptBaselines.of(sd).get(k.name()),
                        KeptBaselines.requested(sd).map(Instant::toEpochMilli).orElse(null)))
            .toList(),
        drift(template),
        tags);
  }

  private static Feature feature(InputSignal s) {
    Range r = s.validRange();
    return new Feature(
        s.signal(),
        s.unit(),
        Aggregation.valueOf(s.aggregation().name()),
        s.windowSeconds(),
        r == null ? null : r.min(),
        r == null ? null : r.max());
  }

  private static Model model(ModelVersion m) {
    List<Reference> refs =
        m.reference() == null || m.reference().signals() == null
            ? List.of()
            : m.reference().signals().stream()
                .map(
                    r ->
                        new Reference(
                            r.signal(), r.mean(), r.stddev(), r.binEdges(), r.binFractions()))
                .toList();
    return new Model(m.version(), m.uri(), m.sha256(), m.inputTensor(), m.outputTensor(), refs);
  }

  private static Drift drift(UseCaseTemplateSpec t) {
    var d = t.drift();
    return new Drift(
        d.psiWarn(),
        d.psiAlert(),
        d.meanShiftWarn(),
        d.meanShiftAlert(),
        d.meanShiftTolerance(),
        d.minSamples());
  }
}
