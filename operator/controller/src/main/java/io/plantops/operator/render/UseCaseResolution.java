package io.plantops.operator.render;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.GuidanceMapping;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.operator.validation.CalibrationCheck;
import io.plantops.operator.validation.ContractCheck;
import io.plantops.operator.validation.SubstituteBound;
import io.plantops.operator.validation.TagMappingValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether one SiteDeployment can run at its plant, on its own: a decided model still in the
 * template, a valid template, a calibration inside its limits and every signal mapped. The checks
 * are re-run here, not read from the SiteDeployment's status, so that a status written before a
 * spec change can never widen what the config allows. The stage it runs at is the decided phase,
 * capped by {@code spec.stage}, the template's {@code maxAutonomy} and, when it has more
 * substituted inputs than the template allows at ClosedLoop, Advisory ({@link SubstituteBound}).
 */
sealed interface UseCaseResolution {

  /** A use case that can run, with everything needed to write its section. */
  record Included(ResolvedUseCase useCase) implements UseCaseResolution {}

  /**
   * A use case left out of the config.
   *
   * @param why what a person reads in the ConfigRendered event
   */
  record LeftOut(String why) implements UseCaseResolution {}

  static UseCaseResolution of(SiteDeployment sd, PlantConfigRenderer.Lookups lookups) {
    SiteDeploymentSpec spec = sd.getSpec();
    SiteDeploymentStatus status = sd.getStatus();
    if (status == null || status.activeModel() == null || status.activeModel().version() == null) {
      return new LeftOut("no model decided yet (see its status)");
    }
    if (status.phase() == null || status.phase() == Phase.Failed) {
      return new LeftOut("phase is " + status.phase());
    }
    String templateName = spec.templateRef().name();
    Optional<UseCaseTemplate> template = lookups.template().apply(templateName);
    if (template.isEmpty() || template.get().getSpec() == null) {
      return new LeftOut("UseCaseTemplate " + templateName + " not found");
    }
    if (!lookups.templateValid().apply(template.get())) {
      return new LeftOut("UseCaseTemplate " + templateName + " is invalid");
    }
    UseCaseTemplateSpec t = template.get().getSpec();
    Optional<ModelVersion> active = model(t, status.activeModel().version());
    if (active.isEmpty()) {
      return new LeftOut(
          "active model " + status.activeModel().version() + " is no longer in the template");
    }
    CandidateModel cm = status.candidateModel();
    Optional<ModelVersion> candidate =
        cm == null || cm.version() == null ? Optional.empty() : model(t, cm.version());
    if (!CalibrationCheck.check(spec.calibration(), t).isEmpty()) {
      return new LeftOut("calibration is invalid");
    }
    Optional<TagMapping> tagMapping = lookups.tagMapping().apply(spec.tagMappingRef());
    ContractCheck.Report contract = ContractCheck.check(spec, t, tagMapping);
    if (!contract.covered()) {
      return new LeftOut("signals not covered: " + contract.missingSignals());
    }
    Stage stage = status.phase().stage() == null ? Stage.Shadow : status.phase().stage();
    stage = min(min(stage, spec.stage()), t.promotion().maxAutonomy());
    stage = min(stage, SubstituteBound.of(contract, t.promotion()).highestStage());
    Map<String, SignalMapping> signals = new LinkedHashMap<>();
    Map<String, String> canonical = canonicalUnits(t);
    contract
        .mapping()
        .forEach(
            (signal, entry) ->
                signals.put(signal, mapping(entry, canonical.get(signal), spec.tagMappingRef())));
    Map<String, SubstituteSignal> substitutes = new LinkedHashMap<>();
    contract
        .substitutes()
        .forEach(
            (signal, entry) -> substitutes.put(signal, substitute(entry, canonical.get(signal))));
    List<GuidanceMapping> guidance =
        tagMapping
            .filter(tm -> tm.getSpec() != null)
            .map(tm -> TagMappingValidator.validGuidance(tm.getSpec(), canonical))
            .orElse(List.of());
    return new Included(
        new ResolvedUseCase(sd, t, stage, active.get(), candidate, signals, substitutes, guidance));
  }

  private static Stage min(Stage a, Stage b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Optional<ModelVersion> model(UseCaseTemplateSpec t, String version) {
    return t.models().stream().filter(m -> Objects.equals(m.version(), version)).findFirst();
  }

  /** Canonical unit of every signal the template reads or writes. */
  private static Map<String, String> canonicalUnits(UseCaseTemplateSpec t) {
    Map<String, String> units = new LinkedHashMap<>();
    t.inputs().forEach(i -> units.put(i.signal(), i.unit()));
    t.observedSignals().forEach(i -> units.putIfAbsent(i.signal(), i.unit()));
    t.outputs().forEach(o -> units.putIfAbsent(o.signal(), o.unit()));
    return units;
  }

  private static SubstituteSignal substitute(TagMappingEntry e, String canonicalUnit) {
    return new SubstituteSignal(
        e.signal(),
        e.unit(),
        canonicalUnit,
        e.substitute().constant(),
        e.substitute().expression());
  }

  private static SignalMapping mapping(TagMappingEntry e, String canonicalUnit, String tagMapping) {
    return new SignalMapping(
        e.signal(),
        e.nodeId(),
        e.unit(),
        canonicalUnit,
        e.scale(),
        e.offset(),
        e.samplingIntervalMs(),
        e.access() == Access.ReadWrite,
        TagMappingValidator.maxAgeMs(e).orElse(null),
        tagMapping);
  }
}
