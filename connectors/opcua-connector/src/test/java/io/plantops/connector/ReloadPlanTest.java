package io.plantops.connector;

import static io.plantops.connector.ReloadPlan.Part.BUFFER;
import static io.plantops.connector.ReloadPlan.Part.DELIVERY;
import static io.plantops.connector.ReloadPlan.Part.POLL_POSITION;
import static io.plantops.connector.ReloadPlan.Part.SESSION;
import static io.plantops.connector.ReloadPlan.Part.WRITE_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.connector.ReloadPlan.Part;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.PlantInfo;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.contract.SampleConfigs;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reload plan as a pure function of two configs. */
class ReloadPlanTest {

  private static final ResolvedPlantConfig LYON = SampleConfigs.lyon(Autonomy.Advisory);

  @Test
  void theFirstConfigStartsEverything() {
    assertThat(ReloadPlan.first().restarts()).isEqualTo(EnumSet.allOf(Part.class));
  }

  @Test
  void aChangedSecurityPolicyRestartsTheSessionAndTheDeliveryThatDrainsItsStore() {
    ResolvedPlantConfig next =
        withOpcua(LYON, o -> changed(o, "securityPolicy", "Aes256_Sha256_RsaPss"));

    assertThat(ReloadPlan.between(LYON, next).restarts())
        .containsExactlyInAnyOrder(SESSION, DELIVERY, WRITE_PATH);
  }

  @Test
  void aChangedPhaseOnlyRewiresTheWritePath() {
    assertThat(ReloadPlan.between(LYON, SampleConfigs.lyon(Autonomy.ClosedLoop)).restarts())
        .containsExactly(WRITE_PATH);
  }

  @Test
  void anotherInferenceServerRestartsTheDeliveryAndThePollPositionButKeepsTheSession() {
    ResolvedPlantConfig next =
        withConnector(LYON, c -> changed(c, "inferenceUrl", "http://elsewhere:8080"));

    assertThat(ReloadPlan.between(LYON, next).restarts())
        .containsExactlyInAnyOrder(DELIVERY, POLL_POSITION, WRITE_PATH);
  }

  @Test
  void anotherBufferBoundReopensTheBufferAndRestartsTheDeliveryThatWritesIt() {
    ResolvedPlantConfig next =
        withConnector(LYON, c -> changed(c, "bufferMaxBytes", c.bufferMaxBytes() * 2));

    assertThat(ReloadPlan.between(LYON, next).restarts())
        .containsExactlyInAnyOrder(BUFFER, DELIVERY, WRITE_PATH);
  }

  @Test
  void staleAfterIntervalsRestartsTheSessionOnlyWhenTheStalenessRuleItMeansChanges() {
    ResolvedPlantConfig three = withConnector(LYON, c -> changed(c, "staleAfterIntervals", 3));
    ResolvedPlantConfig unset = withConnector(LYON, c -> changed(c, "staleAfterIntervals", 0));
    ResolvedPlantConfig five = withConnector(LYON, c -> changed(c, "staleAfterIntervals", 5));

    assertThat(ReloadPlan.between(three, unset).restarts())
        .as("no count means the default of three")
        .containsExactly(WRITE_PATH);
    assertThat(ReloadPlan.between(three, five).restarts()).contains(SESSION);
  }

  static Stream<String> opcUaSettings() {
    return componentNames(OpcUaSettings.class);
  }

  @ParameterizedTest
  @MethodSource("opcUaSettings")
  void everyOpcUaSettingRestartsTheSession(String component) {
    ResolvedPlantConfig next = withOpcua(LYON, o -> changed(o, component));

    assertThat(ReloadPlan.between(LYON, next).restarts()).contains(SESSION);
  }

  static Stream<String> mappingAttributes() {
    return componentNames(SignalMapping.class);
  }

  @ParameterizedTest
  @MethodSource("mappingAttributes")
  void everyMappingAttributeRestartsTheSession(String component) {
    List<SignalMapping> signals = new ArrayList<>(LYON.signals());
    signals.set(3, changed(signals.get(3), component));
    ResolvedPlantConfig next =
        with(LYON, c -> copy(c, c.plant(), c.opcua(), c.connector(), signals));

    assertThat(ReloadPlan.between(LYON, next).restarts()).contains(SESSION);
  }

  @Test
  void addingOrRemovingAMappingRestartsTheSession() {
    List<SignalMapping> fewer = LYON.signals().subList(0, LYON.signals().size() - 1);
    ResolvedPlantConfig next = with(LYON, c -> copy(c, c.plant(), c.opcua(), c.connector(), fewer));

    assertThat(ReloadPlan.between(LYON, next).restarts()).contains(SESSION);
    assertThat(ReloadPlan.between(next, LYON).restarts()).contains(SESSION);
  }

  /**
   * What each connector setting restarts. A setting added to the contract fails this test until
   * someone decides here which part reads it.
   */
  private static final Map<String, Set<Part>> CONNECTOR_SETTINGS =
      Map.of(
          "inferenceUrl", EnumSet.of(DELIVERY, POLL_POSITION, WRITE_PATH),
          "bufferMaxBytes", EnumSet.of(BUFFER, DELIVERY, WRITE_PATH),
          "staleAfterIntervals", EnumSet.of(SESSION, DELIVERY, WRITE_PATH),
          "adoptionWindowSeconds", EnumSet.of(WRITE_PATH),
          "writesEnabled", EnumSet.of(WRITE_PATH),
          "watchdogSeconds", EnumSet.of(WRITE_PATH));

  @Test
  void everyConnectorSettingRestartsWhatReadsIt() {
    assertThat(componentNames(ConnectorSettings.class))
        .as("connector settings without a decision in CONNECTOR_SETTINGS")
        .containsExactlyInAnyOrderElementsOf(CONNECTOR_SETTINGS.keySet());
    CONNECTOR_SETTINGS.forEach(
        (component, parts) ->
            assertThat(
                    ReloadPlan.between(LYON, withConnector(LYON, c -> changed(c, component)))
                        .restarts())
                .as(component)
                .isEqualTo(parts));
  }

  /** What each field of the plant's identity restarts; the same rule as for the settings. */
  private static final Map<String, Set<Part>> PLANT_INFO =
      Map.of(
          "name", EnumSet.of(SESSION, DELIVERY, WRITE_PATH),
          "namespace", EnumSet.of(WRITE_PATH),
          "displayName", EnumSet.of(WRITE_PATH),
          "timezone", EnumSet.of(WRITE_PATH));

  @Test
  void onlyThePlantsNameOfItsIdentityRestartsTheSession() {
    assertThat(componentNames(PlantInfo.class))
        .containsExactlyInAnyOrderElementsOf(PLANT_INFO.keySet());
    PLANT_INFO.forEach(
        (component, parts) -> {
          PlantInfo plant = changed(LYON.plant(), component);
          ResolvedPlantConfig next =
              with(LYON, c -> copy(c, plant, c.opcua(), c.connector(), c.signals()));
          assertThat(ReloadPlan.between(LYON, next).restarts()).as(component).isEqualTo(parts);
        });
  }

  @Test
  void everyPartOfTheConfigIsReadByAProjectionOrTheWritePath() {
    // plant, opcua, connector and signals are covered field by field above; the write path reads
    // the rest (and is rebuilt on every reload), except substitutes, which only the inference
    // server computes (see below). A new top-level field must be placed here.
    assertThat(componentNames(ResolvedPlantConfig.class))
        .containsExactlyInAnyOrder(
            "schemaVersion",
            "configVersion",
            "plant",
            "opcua",
            "connector",
            "signals",
            "useCases",
            "substitutes");
  }

  @Test
  void aNewSubstituteTouchesNeitherTheSessionNorTheDelivery() {
    // substitutes are computed by the inference server from signals the connector already reads
    ResolvedPlantConfig next =
        with(
            LYON,
            c ->
                new ResolvedPlantConfig(
                    c.schemaVersion(),
                    c.configVersion(),
                    c.plant(),
                    c.opcua(),
                    c.connector(),
                    c.signals(),
                    c.useCases(),
                    List.of(
                        new SubstituteSignal("kiln.shell.temperature", "°C", "°C", 340.0, null))));

    assertThat(ReloadPlan.between(LYON, next).restarts()).containsExactly(WRITE_PATH);
  }

  // ---------------------------------------------------------------- copies

  private static Stream<String> componentNames(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName);
  }

  private static ResolvedPlantConfig with(
      ResolvedPlantConfig c, UnaryOperator<ResolvedPlantConfig> change) {
    return PlantConfigCodec.seal(change.apply(c).withConfigVersion(null));
  }

  private static ResolvedPlantConfig copy(
      ResolvedPlantConfig c,
      PlantInfo plant,
      OpcUaSettings opcua,
      ConnectorSettings connector,
      List<SignalMapping> signals) {
    return new ResolvedPlantConfig(
        c.schemaVersion(), c.configVersion(), plant, opcua, connector, signals, c.useCases());
  }

  private static ResolvedPlantConfig withOpcua(
      ResolvedPlantConfig c, UnaryOperator<OpcUaSettings> change) {
    return with(c, x -> copy(x, x.plant(), change.apply(x.opcua()), x.connector(), x.signals()));
  }

  private static ResolvedPlantConfig withConnector(
      ResolvedPlantConfig c, UnaryOperator<ConnectorSettings> change) {
    return with(c, x -> copy(x, x.plant(), x.opcua(), change.apply(x.connector()), x.signals()));
  }

  /** A copy of {@code record} whose {@code component} holds another value of its type. */
  private static <R extends Record> R changed(R record, String component) {
    return changed(record, component, null);
  }

  /** A copy of {@code record} whose {@code component} is {@code value} (null: any other value). */
  @SuppressWarnings("unchecked")
  private static <R extends Record> R changed(R record, String component, Object value) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean found = false;
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args[i] = components[i].getAccessor().invoke(record);
        if (components[i].getName().equals(component)) {
          args[i] = value != null ? value : other(args[i], types[i]);
          found = true;
        }
      }
      assertThat(found).as(record.getClass().getSimpleName() + " has " + component).isTrue();
      return (R) record.getClass().getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot copy " + record, e);
    }
  }

  private static Object other(Object value, Class<?> type) {
    if (type == String.class) {
      return value == null ? "changed" : value + "-changed";
    }
    if (type == boolean.class) {
      return !(Boolean) value;
    }
    if (type == int.class) {
      return (Integer) value + 7;
    }
    if (type == long.class) {
      return (Long) value + 7;
    }
    if (type == double.class) {
      return (Double) value + 0.5;
    }
    if (type == Long.class) {
      return value == null ? 3_600_000L : (Long) value + 7;
    }
    if (type == List.class) {
      List<Object> more = new ArrayList<>((List<?>) value);
      more.add("changed");
      return more;
    }
    throw new AssertionError("no other value for a " + type + ": extend ReloadPlanTest.other");
  }
}
