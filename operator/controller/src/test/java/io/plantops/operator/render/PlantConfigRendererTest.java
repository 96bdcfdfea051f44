package io.plantops.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.ConnectorSpec;
import io.plantops.api.v1alpha1.MessageSecurityMode;
import io.plantops.api.v1alpha1.OpcUaEndpoint;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.SecurityPolicy;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UserSecretRef;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.UseCaseConfig;
import io.plantops.operator.testing.Examples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The resolved config: deterministic, phase from status (capped), write flags from every gate. */
class PlantConfigRendererTest {

  static final Path LYON = Examples.DIR.resolve("plants/lyon");
  static final Map<String, UseCaseTemplate> TEMPLATES =
      Map.of(
          "kiln-energy-optimization",
          (UseCaseTemplate)
              Examples.read(Examples.DIR.resolve("templates/kiln-energy-optimization.yaml")),
          "clinker-free-lime-soft-sensor",
          (UseCaseTemplate)
              Examples.read(Examples.DIR.resolve("templates/clinker-free-lime-soft-sensor.yaml")));

  static Plant plant() {
    return (Plant) Examples.read(LYON.resolve("plant.yaml"));
  }

  static TagMapping tagMapping() {
    return (TagMapping) Examples.read(LYON.resolve("tagmapping.yaml"));
  }

  /** A SiteDeployment from the examples with the given desired stage and decided phase. */
  static SiteDeployment sd(String file, Stage desired, Phase live, String version) {
    SiteDeployment sd = (SiteDeployment) Examples.read(LYON.resolve(file));
    var s = sd.getSpec();
    sd.setSpec(
        new SiteDeploymentSpec(
            s.plantRef(),
            s.templateRef(),
            s.versionPolicy(),
            s.tagMappingRef(),
            desired,
            s.calibration(),
            s.approvals()));
    sd.setStatus(
        new SiteDeploymentStatus(
            1L,
            live,
            "2026-11-20T10:00:00Z",
            null,
            version,
            null,
            new ActiveModel(version, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    return sd;
  }

  static PlantConfigRenderer.Rendered render(Plant plant, TagMapping tm, List<SiteDeployment> sds) {
    return PlantConfigRenderer.render(
        plant,
        sds,
        new PlantConfigRenderer.Lookups(
            name -> name.equals(tm.getMetadata().getName()) ? Optional.of(tm) : Optional.empty(),
            name -> Optional.ofNullable(TEMPLATES.get(name)),
            t -> true,
            List.of(tm)),
        30);
  }

  static List<SiteDeployment> lyon(Stage energyStage, Phase energyPhase) {
    return List.of(
        sd("kiln1-energy.yaml", energyStage, energyPhase, "1.2.0"),
        sd("kiln1-free-lime.yaml", Stage.Advisory, Phase.Advisory, "1.0.0"));
  }

  @Test
  void theSameInputsGiveTheSameBytesWhateverTheirOrder() {
    List<SiteDeployment> sds = new ArrayList<>(lyon(Stage.Advisory, Phase.Advisory));
    var a = render(plant(), tagMapping(), sds);
    java.util.Collections.reverse(sds);
    var b = render(plant(), tagMapping(), sds);
    assertThat(b.json()).isEqualTo(a.json());
    assertThat(a.config().configVersion()).isEqualTo(PlantConfigCodec.digest(a.config()));
    assertThat(PlantConfigCodec.check(a.config())).isEmpty();
  }

  @Test
  void writesOnlyASetpointLiveInClosedLoopMappedReadWriteWithPlantWritesEnabled() {
    assertThat(
            fuel(render(plant(), tagMapping(), lyon(Stage.ClosedLoop, Phase.ClosedLoop))).write())
        .isTrue();
    // desired ClosedLoop but live Advisory: the live phase decides
    assertThat(fuel(render(plant(), tagMapping(), lyon(Stage.ClosedLoop, Phase.Advisory))).write())
        .isFalse();
    // the plant's master switch
    Plant off = plant();
    var c = off.getSpec().connector();
    off.setSpec(
        withConnector(
            off.getSpec(),
            new ConnectorSpec(
                c.image(),
                c.resources(),
                c.bufferMaxMiB(),
                c.staleAfterIntervals(),
                c.adoptionWindowMinutes(),
                false)));
    var rendered = render(off, tagMapping(), lyon(Stage.ClosedLoop, Phase.ClosedLoop));
    assertThat(fuel(rendered).write()).isFalse();
    assertThat(rendered.config().connector().writesEnabled()).isFalse();
    // the setpoint mapped Read only
    TagMapping readOnly = readOnly(tagMapping());
    var noWritable = render(plant(), readOnly, lyon(Stage.Advisory, Phase.ClosedLoop));
    assertThat(fuel(noWritable).write()).isFalse();
  }

  @Test
  void aLowerDesiredStageTakesEffectBeforeTheStatusCatchesUp() {
    var rendered = render(plant(), tagMapping(), lyon(Stage.Shadow, Phase.ClosedLoop));
    UseCaseConfig energy = rendered.config().useCase("kiln1-energy").orElseThrow();
    assertThat(energy.phase()).isEqualTo(Autonomy.Shadow);
    assertThat(fuel(rendered).write()).isFalse();
  }

  @Test
  void anAnonymousSessionWithWritableMappingsWithholdsEveryWriteAndSaysWhy() {
    Plant insecure = plant();
    OpcUaEndpoint o = insecure.getSpec().opcua();
    insecure.setSpec(
        withOpcua(
            insecure.getSpec(),
            new OpcUaEndpoint(
                o.endpointUrl(), SecurityPolicy.None, null, null, null, null, false)));
    var rendered = render(insecure, tagMapping(), lyon(Stage.ClosedLoop, Phase.ClosedLoop));
    assertThat(fuel(rendered).write()).isFalse();
    assertThat(rendered.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(PlantConfigRenderer.ProblemKind.INSECURE_WRITES);
              assertThat(p.message())
                  .startsWith("spec.opcua: the connector refuses to connect")
                  .contains("securityPolicy None, an anonymous user while [kiln.fuel.setpoint]")
                  .contains("allowInsecure: true");
            });
    assertThat(rendered.config().connector().writesEnabled()).isFalse();
  }

  @Test
  void aReadWriteMappingThatNoUseCaseUsesYetStillRefusesAnInsecureSession() {
    var rendered = render(insecure(null, false), tagMapping(), List.of());
    assertThat(rendered.config().useCases()).isEmpty();
    assertThat(rendered.config().opcua().readWriteSignals()).containsExactly("kiln.fuel.setpoint");
    assertThat(rendered.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(PlantConfigRenderer.ProblemKind.INSECURE_WRITES);
              assertThat(p.message()).contains("[kiln.fuel.setpoint] are mapped ReadWrite");
            });
  }

  @Test
  void aPasswordOverSecurityPolicyNoneIsRefusedEvenWithoutWritableMappings() {
    TagMapping readOnly = readOnly(tagMapping());
    var rendered =
        render(insecure(new UserSecretRef("opcua-user", null, null), false), readOnly, List.of());
    assertThat(rendered.config().opcua().readWriteSignals()).isEmpty();
    assertThat(rendered.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind())
                  .isEqualTo(PlantConfigRenderer.ProblemKind.PASSWORD_WITHOUT_SECURITY);
              assertThat(p.message())
                  .contains("a user name and password (userSecretRef) over securityPolicy None");
            });
    assertThat(
            render(insecure(new UserSecretRef("opcua-user", null, null), true), readOnly, List.of())
                .problems())
        .as("allowInsecure lifts the refusal on an isolated test bench")
        .isEmpty();
  }

  @Test
  void aReadOnlyAnonymousPlantOverSecurityPolicyNoneIsAccepted() {
    var rendered = render(insecure(null, false), readOnly(tagMapping()), List.of());
    assertThat(rendered.problems()).isEmpty();
  }

  /** The Lyon plant over SecurityPolicy None, with or without a user. */
  static Plant insecure(UserSecretRef user, boolean allowInsecure) {
    Plant plant = plant();
    OpcUaEndpoint o = plant.getSpec().opcua();
    plant.setSpec(
        withOpcua(
            plant.getSpec(),
            new OpcUaEndpoint(
                o.endpointUrl(),
                SecurityPolicy.None,
                MessageSecurityMode.None,
                null,
                user,
                null,
                allowInsecure)));
    return plant;
  }

  /** The mapping with every entry Read. */
  static TagMapping readOnly(TagMapping tm) {
    var s = tm.getSpec();
    tm.setSpec(
        new TagMappingSpec(
            s.plantRef(),
            s.description(),
            s.mappings().stream()
                .map(
                    e ->
                        new TagMappingEntry(
                            e.signal(),
                            e.nodeId(),
                            e.unit(),
                            e.scale(),
                            e.offset(),
                            e.samplingIntervalMs(),
                            Access.Read,
                            e.description()))
                .toList()));
    return tm;
  }

  @Test
  void pendingOrFailedSitesAreLeftOutOrScoredInShadowOnly() {
    var rendered =
        render(
            plant(),
            tagMapping(),
            List.of(
                sd("kiln1-energy.yaml", Stage.Advisory, Phase.Pending, "1.2.0"),
                sd("kiln1-free-lime.yaml", Stage.Advisory, Phase.Failed, "1.0.0")));
    assertThat(rendered.config().useCases())
        .singleElement()
        .satisfies(u -> assertThat(u.phase()).isEqualTo(Autonomy.Shadow));
    assertThat(rendered.skipped()).containsKey("kiln1-free-lime");
  }

  @Test
  void aSiteMappingASharedSignalDifferentlyIsLeftOutAsASignalConflict() {
    TagMapping alt = tagMapping();
    alt.getMetadata().setName("lyon-kiln1-alt");
    alt.setSpec(
        new TagMappingSpec(
            "lyon",
            null,
            alt.getSpec().mappings().stream()
                .map(
                    e ->
                        new TagMappingEntry(
                            e.signal(),
                            "ns=3;s=ALT." + e.signal(),
                            e.unit(),
                            e.scale(),
                            e.offset(),
                            e.samplingIntervalMs(),
                            e.access(),
                            e.description()))
                .toList()));
    SiteDeployment freeLime = sd("kiln1-free-lime.yaml", Stage.Advisory, Phase.Advisory, "1.0.0");
    var s = freeLime.getSpec();
    freeLime.setSpec(
        new SiteDeploymentSpec(
            s.plantRef(),
            s.templateRef(),
            s.versionPolicy(),
            "lyon-kiln1-alt",
            s.stage(),
            s.calibration(),
            s.approvals()));
    TagMapping tm = tagMapping();
    var rendered =
        PlantConfigRenderer.render(
            plant(),
            List.of(sd("kiln1-energy.yaml", Stage.Advisory, Phase.Advisory, "1.2.0"), freeLime),
            new PlantConfigRenderer.Lookups(
                name -> Optional.of(name.equals("lyon-kiln1-alt") ? alt : tm),
                name -> Optional.ofNullable(TEMPLATES.get(name)),
                t -> true,
                List.of(tm, alt)),
            30);
    assertThat(rendered.config().useCases())
        .extracting(UseCaseConfig::name)
        .containsExactly("kiln1-energy");
    assertThat(rendered.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(PlantConfigRenderer.ProblemKind.SIGNAL_CONFLICT);
              assertThat(p.message())
                  .startsWith("SiteDeployment kiln1-free-lime maps ")
                  .contains("differently from SiteDeployment kiln1-energy");
              assertThat(rendered.skipped()).containsEntry("kiln1-free-lime", p.message());
            });
  }

  static UseCaseConfig.Output fuel(PlantConfigRenderer.Rendered r) {
    return r.config().useCase("kiln1-energy").orElseThrow().outputs().get(0);
  }

  static PlantSpec withConnector(PlantSpec s, ConnectorSpec c) {
    return new PlantSpec(
        s.displayName(),
        s.region(),
        s.timezone(),
        s.rolloutRing(),
        s.opcua(),
        s.inferenceServer(),
        c);
  }

  static PlantSpec withOpcua(PlantSpec s, OpcUaEndpoint o) {
    return new PlantSpec(
        s.displayName(),
        s.region(),
        s.timezone(),
        s.rolloutRing(),
        o,
        s.inferenceServer(),
        s.connector());
  }
}
