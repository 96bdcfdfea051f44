package io.plantops.operator.render;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.OpcUaEndpoint;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.PlantInfo;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.opcua.SessionSecurity;
import io.plantops.operator.model.Names;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Renders a plant's resolved config from the Plant, every SiteDeployment at the plant, their
 * TagMappings and templates. Pure and deterministic (sorted, no timestamps), so the same inputs
 * give the same bytes and the same {@code configVersion}, and the ConfigMap is never rewritten when
 * nothing changed.
 *
 * <p>Each use case is resolved on its own ({@link UseCaseResolution}: what phase it runs at, or why
 * it is left out); here the plant-level rules apply: two use cases must map a shared signal the
 * same way, and an OPC UA session too weak for the plant ({@link SessionSecurity}: any ReadWrite
 * mapping over an insecure session, or a password over SecurityPolicy None) withholds every write,
 * and the connector refuses to connect.
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
   * @param atPlant every TagMapping of the plant (whose plantRef names it), used or not
   */
  public record Lookups(
      Function<String, Optional<TagMapping>> tagMapping,
      Function<String, Optional<UseCaseTemplate>> template,
      Function<UseCaseTemplate, Boolean> templateValid,
      List<TagMapping> atPlant) {}

  /** What kind of plant-level problem the renderer found; the Plant's Valid reason follows it. */
  public enum ProblemKind {
    /** Two SiteDeployments map one canonical signal differently; the later one is left out. */
    SIGNAL_CONFLICT,
    /**
     * Writable mappings (any ReadWrite entry of the plant's TagMappings) over an insecure OPC UA
     * session: the connector refuses to connect.
     */
    INSECURE_WRITES,
    /** A user name and password over SecurityPolicy None: the connector refuses to connect. */
    PASSWORD_WITHOUT_SECURITY,
    /**
     * A guidance tag of one use case is mapped as an input or a setpoint at the plant (by another
     * TagMapping): that output's guidance is left out.
     */
    GUIDANCE_CONFLICT
  }

  /**
   * A plant-level problem.
   *
   * @param kind what kind
   * @param message what a person reads, naming the field or resources and the fix
   */
  public record Problem(ProblemKind kind, String message) {}

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
      List<Problem> problems,
      List<String> modelConfigMaps) {}

  /** Renders the config of {@code plant}. */
  public static Rendered render(
      Plant plant, List<SiteDeployment> siteDeployments, Lookups lookups, int watchdogSeconds) {
    String ns = plant.getMetadata().getNamespace();
    String name = plant.getMetadata().getName();
    PlantSpec spec = plant.getSpec();
    Map<String, String> skipped = new TreeMap<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, SignalMapping> signals = new TreeMap<>();
    Map<String, SubstituteSignal> substitutes = new TreeMap<>();
    Map<String, String> signalOwner = new TreeMap<>();
    List<ResolvedUseCase> included = new ArrayList<>();

    List<SiteDeployment> sorted =
        siteDeployments.stream()
            .filter(sd -> sd.getSpec() != null && name.equals(sd.getSpec().plantRef()))
            .sorted(Comparator.comparing(sd -> sd.getMetadata().getName()))
            .toList();
    for (SiteDeployment sd : sorted) {
      String sdName = sd.getMetadata().getName();
      UseCaseResolution resolution = UseCaseResolution.of(sd, lookups);
      if (resolution instanceof UseCaseResolution.LeftOut leftOut) {
        skipped.put(sdName, leftOut.why());
        continue;
      }
      ResolvedUseCase useCase = ((UseCaseResolution.Included) resolution).useCase();
      Optional<String> conflict =
          Stream.concat(
                  useCase.signals().values().stream()
                      .filter(
                          s ->
                              substitutes.containsKey(s.signal())
                                  || (signals.containsKey(s.signal())
                                      && !signals
                                          .get(s.signal())
                                          .withTagMapping(null)
                                          .equals(s.withTagMapping(null))))
                      .map(SignalMapping::signal),
                  useCase.substitutes().values().stream()
                      .filter(
                          s ->
                              signals.containsKey(s.signal())
                                  || (substitutes.containsKey(s.signal())
                                      && !substitutes.get(s.signal()).equals(s)))
                      .map(SubstituteSignal::signal))
              .map(
                  signal ->
                      "SiteDeployment "
                          + sdName
                          + " maps "
                          + signal
                          + " differently from SiteDeployment "
                          + signalOwner.get(signal)
                          + " (TagMapping entry, substitute or canonical unit differ); it is left"
                          + " out of the config until both use the same mapping")
              .findFirst();
      if (conflict.isPresent()) {
        problems.add(new Problem(ProblemKind.SIGNAL_CONFLICT, conflict.get()));
        skipped.put(sdName, conflict.get());
        continue;
      }
      useCase
          .signals()
          .forEach(
              (signal, mapping) -> {
                signals.put(signal, mapping);
                signalOwner.putIfAbsent(signal, sdName);
              });
      useCase
          .substitutes()
          .forEach(
              (signal, substitute) -> {
                substitutes.put(signal, substitute);
                signalOwner.putIfAbsent(signal, sdName);
              });
      included.add(useCase);
    }

    OpcUaSettings opcua = opcuaSettings(spec.opcua(), readWriteSignals(lookups.atPlant()));
    List<String> writableInUse =
        signals.values().stream()
            .filter(SignalMapping::writable)
            .map(SignalMapping::signal)
            .toList();
    List<SessionSecurity.Refusal> refusals = SessionSecurity.refusals(opcua, writableInUse);
    refusals.forEach(
        r ->
            problems.add(
                new Problem(
                    r.kind() == SessionSecurity.Kind.WRITES_OVER_INSECURE_SESSION
                        ? ProblemKind.INSECURE_WRITES
                        : ProblemKind.PASSWORD_WITHOUT_SECURITY,
                    "spec.opcua: the connector refuses to connect, so nothing is read or written: "
                        + r.message())));
    boolean writesRefused = !refusals.isEmpty();
    boolean writesEnabled = Boolean.TRUE.equals(spec.connector().writesEnabled()) && !writesRefused;

    List<UseCaseConfig> useCases = new ArrayList<>();
    TreeSet<String> modelConfigMaps = new TreeSet<>();
    for (ResolvedUseCase c : included) {
      useCases.add(withoutMappedGuidance(c.toConfig(signals, writesEnabled), signals, problems));
      c.modelUris().forEach(uri -> configMapOf(uri).ifPresent(modelConfigMaps::add));
    }

    ResolvedPlantConfig config =
        PlantConfigCodec.seal(
            new ResolvedPlantConfig(
                ResolvedPlantConfig.SCHEMA_VERSION,
                "",
                new PlantInfo(ns, name, spec.displayName(), spec.timezone()),
                opcua,
                new ConnectorSettings(
                    Names.inferenceUrl(name, ns),
                    spec.connector().bufferMaxMiB() * MIB,
                    spec.connector().staleAfterIntervals(),
                    spec.connector().adoptionWindowMinutes() * 60,
                    writesEnabled,
                    watchdogSeconds),
                new ArrayList<>(signals.values()),
                useCases,
                new ArrayList<>(substitutes.values())));
    return new Rendered(
        config,
        PlantConfigCodec.toJson(config),
        skipped,
        List.copyOf(problems),
        new ArrayList<>(modelConfigMaps));
  }

  /**
   * {@code useCase} without the guidance of an output whose guidance tag another TagMapping of the
   * plant maps as a signal (the TagMapping's own validator catches its own entries): guidance never
   * writes to a tag the connector reads or writes as a setpoint.
   */
  private static UseCaseConfig withoutMappedGuidance(
      UseCaseConfig useCase, Map<String, SignalMapping> signals, List<Problem> problems) {
    if (useCase.guidance().isEmpty()) {
      return useCase;
    }
    Map<String, SignalMapping> byNodeId = new TreeMap<>();
    signals.values().forEach(s -> byNodeId.putIfAbsent(s.nodeId(), s));
    List<UseCaseConfig.Guidance> kept = new ArrayList<>();
    for (UseCaseConfig.Guidance g : useCase.guidance()) {
      Optional<SignalMapping> clash =
          Stream.of(g.valueNodeId(), g.textNodeId(), g.heartbeatNodeId())
              .filter(n -> n != null && byNodeId.containsKey(n))
              .map(byNodeId::get)
              .findFirst();
      if (clash.isEmpty()) {
        kept.add(g);
        continue;
      }
      SignalMapping s = clash.get();
      problems.add(
          new Problem(
              ProblemKind.GUIDANCE_CONFLICT,
              "TagMapping "
                  + g.tagMapping()
                  + ", spec.guidance for "
                  + g.signal()
                  + ": NodeId "
                  + s.nodeId()
                  + " is also mapped as "
                  + (s.writable() ? "a setpoint (ReadWrite)" : "an input (Read)")
                  + " by "
                  + s.where()
                  + "; the guidance of SiteDeployment "
                  + useCase.name()
                  + " output "
                  + g.output()
                  + " is left out until its tags are tags of their own"));
    }
    return useCase.withGuidance(kept);
  }

  /** The ConfigMap name of a {@code configmap://name/key} model URI. */
  public static Optional<String> configMapOf(String uri) {
    if (uri == null || !uri.startsWith("configmap://")) {
      return Optional.empty();
    }
    String host = URI.create(uri).getHost();
    return Optional.ofNullable(host).filter(h -> !h.isBlank());
  }

  /** Every canonical signal the plant's TagMappings map ReadWrite, used by a use case or not. */
  public static List<String> readWriteSignals(List<TagMapping> atPlant) {
    return atPlant.stream()
        .filter(tm -> tm.getSpec() != null && tm.getSpec().mappings() != null)
        .flatMap(tm -> tm.getSpec().mappings().stream())
        .filter(e -> e.access() == Access.ReadWrite)
        .map(TagMappingEntry::signal)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * The plant's OPC UA settings as the connector gets them, with the plant's ReadWrite signals; the
   * input of {@link SessionSecurity}, also at admission ({@code validation/PlantValidator}).
   */
  public static OpcUaSettings opcuaSettings(OpcUaEndpoint opcua, List<String> readWriteSignals) {
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
        Boolean.TRUE.equals(opcua.allowInsecure()),
        readWriteSignals);
  }
}
