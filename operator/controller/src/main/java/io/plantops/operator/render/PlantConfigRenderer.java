package io.plantops.operator.render;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.KpiDirection;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.OpcUaEndpoint;
import io.plantops.api.v1alpha1.OutputKind;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.SecurityPolicy;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.Aggregation;
import io.plantops.contract.Autonomy;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.PlantInfo;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.Reference;
import io.plantops.operator.model.Names;
import io.plantops.operator.validation.CalibrationCheck;
import io.plantops.operator.validation.ContractCheck;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Renders a plant's resolved config from the Plant, every SiteDeployment at the plant, their
 * TagMappings and templates. Pure and deterministic (sorted, no timestamps), so the same inputs
 * give the same bytes and the same {@code configVersion}, and the ConfigMap is never rewritten when
 * nothing changed.
 *
 * <p>What a use case's {@code phase} is comes from the SiteDeployment's status (the promotion
 * engine's decision), capped by {@code spec.stage} and the template's {@code maxAutonomy}: a plant
 * team lowering the stage takes effect at once, raising it only through the engine. A use case is
 * left out while its template, model, mapping or calibration would make it unusable, and the checks
 * are re-run here so that a status written before a spec change can never widen what the config
 * allows.
 */
public final class PlantConfigRenderer {

  private static final long MIB = 1024L * 1024L;

  private PlantConfigRenderer() {}

  /**
   * The lookups the renderer needs, backed by informer caches.
   *
   * @param tagMapping TagMapping by name, in the plant's namespace
   * @param template UseCaseTemplate by name
   * @param templateValid whether a template passed validation
   */
  public record Lookups(
      Function<String, Optional<TagMapping>> tagMapping,
      Function<String, Optional<UseCaseTemplate>> template,
      Function<UseCaseTemplate, Boolean> templateValid) {}

  /**
   * The rendered config and what was left out.
   *
   * @param config the sealed config (configVersion filled in)
   * @param json its canonical JSON, the ConfigMap value
   * @param skipped SiteDeployments left out, with why
   * @param problems plant-level problems (conflicting mappings, insecure writes refused)
   * @param modelConfigMaps ConfigMaps named by configmap:// model URIs, to mount
   */
  public record Rendered(
      ResolvedPlantConfig config,
      String json,
      Map<String, String> skipped,
      List<String> problems,
      List<String> modelConfigMaps) {}

  /** Renders the config of {@code plant}. */
  public static Rendered render(
      Plant plant, List<SiteDeployment> siteDeployments, Lookups lookups, int watchdogSeconds) {
    String ns = plant.getMetadata().getNamespace();
    String name = plant.getMetadata().getName();
    PlantSpec spec = plant.getSpec();
    Map<String, String> skipped = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Map<String, SignalMapping> signals = new TreeMap<>();
    Map<String, String> signalOwner = new TreeMap<>();
    List<Candidate> included = new ArrayList<>();

    List<SiteDeployment> sorted =
        siteDeployments.stream()
            .filter(sd -> sd.getSpec() != null && name.equals(sd.getSpec().plantRef()))
            .sorted(Comparator.comparing(sd -> sd.getMetadata().getName()))
            .toList();
    for (SiteDeployment sd : sorted) {
      String sdName = sd.getMetadata().getName();
      Optional<Candidate> candidate = candidate(sd, lookups, skipped);
      if (candidate.isEmpty()) {
        continue;
      }
      Map<String, SignalMapping> own = candidate.get().signals();
      Optional<String> conflict =
          own.values().stream()
              .filter(s -> signals.containsKey(s.signal()) && !signals.get(s.signal()).equals(s))
              .map(
                  s ->
                      "SiteDeployment "
                          + sdName
                          + " maps "
                          + s.signal()
                          + " differently from SiteDeployment "
                          + signalOwner.get(s.signal())
                          + " (TagMapping entry or canonical unit differ); it is left out of the"
                          + " config until both use the same mapping")
              .findFirst();
      if (conflict.isPresent()) {
        problems.add(conflict.get());
        skipped.put(sdName, conflict.get());
        continue;
      }
      own.forEach(
          (signal, mapping) -> {
            signals.put(signal, mapping);
            signalOwner.putIfAbsent(signal, sdName);
          });
      included.add(candidate.get());
    }

    OpcUaEndpoint opcua = spec.opcua();
    boolean anyWritable = signals.values().stream().anyMatch(SignalMapping::writable);
    boolean insecure =
        opcua.securityPolicy() == SecurityPolicy.None || opcua.userSecretRef() == null;
    boolean writesRefused = anyWritable && insecure && !Boolean.TRUE.equals(opcua.allowInsecure());
    if (writesRefused) {
      problems.add(
          "spec.opcua: writable mappings with "
              + (opcua.securityPolicy() == SecurityPolicy.None
                  ? "securityPolicy None"
                  : "an anonymous session (no userSecretRef)")
              + " are refused: every write is withheld until the plant connects securely (or"
              + " sets allowInsecure on an isolated test bench)");
    }
    boolean writesEnabled = Boolean.TRUE.equals(spec.connector().writesEnabled()) && !writesRefused;

    List<UseCaseConfig> useCases = new ArrayList<>();
    TreeSet<String> modelConfigMaps = new TreeSet<>();
    for (Candidate c : included) {
      useCases.add(c.toConfig(signals, writesEnabled));
      modelUris(c).forEach(uri -> configMapOf(uri).ifPresent(modelConfigMaps::add));
    }

    ResolvedPlantConfig config =
        PlantConfigCodec.seal(
            new ResolvedPlantConfig(
                ResolvedPlantConfig.SCHEMA_VERSION,
                "",
                new PlantInfo(ns, name, spec.displayName(), spec.timezone()),
                opcuaSettings(opcua),
                new ConnectorSettings(
                    Names.inferenceUrl(name, ns),
                    spec.connector().bufferMaxMiB() * MIB,
                    spec.connector().staleAfterIntervals(),
                    spec.connector().adoptionWindowMinutes() * 60,
                    writesEnabled,
                    watchdogSeconds),
                new ArrayList<>(signals.values()),
                useCases));
    return new Rendered(
        config,
        PlantConfigCodec.toJson(config),
        skipped,
        problems,
        new ArrayList<>(modelConfigMaps));
  }

  /** The ConfigMap name of a {@code configmap://name/key} model URI. */
  public static Optional<String> configMapOf(String uri) {
    if (uri == null || !uri.startsWith("configmap://")) {
      return Optional.empty();
    }
    String host = URI.create(uri).getHost();
    return Optional.ofNullable(host).filter(h -> !h.isBlank());
  }

  private static List<String> modelUris(Candidate c) {
    List<String> uris = new ArrayList<>();
    uris.add(c.active().uri());
    c.candidate().ifPresent(m -> uris.add(m.uri()));
    return uris;
  }

  private static OpcUaSettings opcuaSettings(OpcUaEndpoint opcua) {
    boolean cert = opcua.clientCertificateSecretRef() != null;
    var user = opcua.userSecretRef();
    return new OpcUaSettings(
        opcua.endpointUrl(),
        opcua.securityPolicy().name(),
        opcua.securityMode().name(),
        cert ? MountPaths.OPCUA_CLIENT_DIR + "/tls.crt" : null,
        cert ? MountPaths.OPCUA_CLIENT_DIR + "/tls.key" : null,
        user == null ? null : MountPaths.OPCUA_USER_DIR + "/" + user.usernameKey(),
        user == null ? null : MountPaths.OPCUA_USER_DIR + "/" + user.passwordKey(),
        opcua.trustedServerCertificatesSecretRef() == null ? null : MountPaths.OPCUA_TRUSTED_DIR,
        Boolean.TRUE.equals(opcua.allowInsecure()));
  }

  /** A SiteDeployment that can run, or the reason it is left out (recorded in {@code skipped}). */
  private static Optional<Candidate> candidate(
      SiteDeployment sd, Lookups lookups, Map<String, String> skipped) {
    String sdName = sd.getMetadata().getName();
    SiteDeploymentSpec spec = sd.getSpec();
    SiteDeploymentStatus status = sd.getStatus();
    if (status == null || status.activeModel() == null || status.activeModel().version() == null) {
      skipped.put(sdName, "no model decided yet (see its status)");
      return Optional.empty();
    }
    if (status.phase() == null || status.phase() == Phase.Failed) {
      skipped.put(sdName, "phase is " + status.phase());
      return Optional.empty();
    }
    Optional<UseCaseTemplate> template = lookups.template().apply(spec.templateRef().name());
    if (template.isEmpty() || template.get().getSpec() == null) {
      skipped.put(sdName, "UseCaseTemplate " + spec.templateRef().name() + " not found");
      return Optional.empty();
    }
    if (!lookups.templateValid().apply(template.get())) {
      skipped.put(sdName, "UseCaseTemplate " + spec.templateRef().name() + " is invalid");
      return Optional.empty();
    }
    UseCaseTemplateSpec t = template.get().getSpec();
    Optional<ModelVersion> active = model(t, status.activeModel().version());
    if (active.isEmpty()) {
      skipped.put(
          sdName,
          "active model " + status.activeModel().version() + " is no longer in the template");
      return Optional.empty();
    }
    CandidateModel cm = status.candidateModel();
    Optional<ModelVersion> candidate =
        cm == null || cm.version() == null ? Optional.empty() : model(t, cm.version());
    if (!CalibrationCheck.check(spec.calibration(), t).isEmpty()) {
      skipped.put(sdName, "calibration is invalid");
      return Optional.empty();
    }
    ContractCheck.Report contract =
        ContractCheck.check(spec, t, lookups.tagMapping().apply(spec.tagMappingRef()));
    if (!contract.covered()) {
      skipped.put(sdName, "signals not covered: " + contract.missingSignals());
      return Optional.empty();
    }
    Stage stage = status.phase().stage() == null ? Stage.Shadow : status.phase().stage();
    stage = min(min(stage, spec.stage()), t.promotion().maxAutonomy());
    Map<String, SignalMapping> signals = new LinkedHashMap<>();
    Map<String, String> canonical = canonicalUnits(t);
    contract
        .mapping()
        .forEach((signal, entry) -> signals.put(signal, mapping(entry, canonical.get(signal))));
    return Optional.of(new Candidate(sd, t, stage, active.get(), candidate, signals));
  }

  private static Stage min(Stage a, Stage b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Optional<ModelVersion> model(UseCaseTemplateSpec t, String version) {
    return t.models().stream().filter(m -> Objects.equals(m.version(), version)).findFirst();
  }

  /** Canonical unit of every signal the template reads or writes. */
  static Map<String, String> canonicalUnits(UseCaseTemplateSpec t) {
    Map<String, String> units = new LinkedHashMap<>();
    t.inputs().forEach(i -> units.put(i.signal(), i.unit()));
    t.observedSignals().forEach(i -> units.putIfAbsent(i.signal(), i.unit()));
    t.outputs().forEach(o -> units.putIfAbsent(o.signal(), o.unit()));
    return units;
  }

  private static SignalMapping mapping(TagMappingEntry e, String canonicalUnit) {
    return new SignalMapping(
        e.signal(),
        e.nodeId(),
        e.unit(),
        canonicalUnit,
        e.scale(),
        e.offset(),
        e.samplingIntervalMs(),
        e.access() == Access.ReadWrite);
  }

  /** An included use case with everything needed to write its section. */
  private record Candidate(
      SiteDeployment sd,
      UseCaseTemplateSpec template,
      Stage stage,
      ModelVersion active,
      Optional<ModelVersion> candidate,
      Map<String, SignalMapping> signals) {

    UseCaseConfig toConfig(Map<String, SignalMapping> plantSignals, boolean writesEnabled) {
      var calibration = sd.getSpec().calibration();
      List<Output> outputs = new ArrayList<>();
      for (OutputSignal o : template.outputs()) {
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
          template.inputs().stream().map(Candidate::feature).toList(),
          template.observedSignals().stream().map(Candidate::feature).toList(),
          outputs,
          model(active),
          candidate.map(Candidate::model).orElse(null),
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
                          k.baselineWindowHours()))
              .toList(),
          drift(template));
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
}
