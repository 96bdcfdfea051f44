package io.plantops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UneceUnits;
import io.plantops.contract.units.UnitCatalog;
import io.plantops.process.KilnSignal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorIT {

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet", "alpena"})
  void servesEveryExampleMappingWithACompatibleEngineeringUnitAndARange(String plant)
      throws Exception {
    try (PlantSimulator sim = PlantSimulator.start(Dialect.named(plant), 1, 0)) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        for (ExampleMappings.Entry m : ExampleMappings.of(plant)) {
          NodeId nodeId = NodeId.parse(m.nodeId());
          DataValue value = client.readValue(0, TimestampsToReturn.Both, nodeId);
          assertThat(value.statusCode().isGood()).as(m.nodeId()).isTrue();
          assertThat(value.value().value()).as(m.nodeId()).isInstanceOf(Number.class);
          Map<String, Object> props = properties(client, nodeId);
          EUInformation eu =
              (EUInformation)
                  ((ExtensionObject) props.get("EngineeringUnits"))
                      .decode(client.getStaticEncodingContext());
          assertThat(eu.getNamespaceUri()).isEqualTo(EngineeringUnit.UNECE_NAMESPACE);
          UneceUnits.Resolution unit =
              UneceUnits.resolve(eu.getNamespaceUri(), eu.getUnitId(), eu.getDisplayName().text());
          assertThat(unit.via()).as(m.nodeId()).startsWith("unitId ");
          String canonical =
              Dialect.named(plant).tagByNodeId(m.nodeId()).orElseThrow().point().canonicalUnit();
          LinearConversion advertised =
              UnitCatalog.conversion(unit.unit().orElseThrow(), canonical);
          LinearConversion mapped =
              UnitCatalog.conversion(m.unit(), canonical).afterScaling(m.scale(), m.offset());
          assertThat(advertised.factor())
              .as(
                  m.nodeId()
                      + " advertises "
                      + eu.getDisplayName().text()
                      + ", mapped as "
                      + m.unit())
              .isCloseTo(mapped.factor(), within(1e-12));
          assertThat(advertised.offset()).as(m.nodeId()).isCloseTo(mapped.offset(), within(1e-9));
          Range range =
              (Range)
                  ((ExtensionObject) props.get("EURange"))
                      .decode(client.getStaticEncodingContext());
          double raw = ((Number) value.value().value()).doubleValue();
          assertThat(raw).as(m.nodeId()).isBetween(range.getLow(), range.getHigh());
        }
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void jolietServesUsUnitsFloatsAndAnIntegerOxygenRegister() throws Exception {
    try (PlantSimulator sim = PlantSimulator.start(Dialect.joliet(), 3, 0)) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        assertThat(client.getNamespaceTable().get(3))
            .isEqualTo("urn:plantops:simulator:joliet:tags");
        Object bz =
            client
                .readValue(0, TimestampsToReturn.Both, NodeId.parse("ns=3;i=2003"))
                .value()
                .value();
        assertThat(bz).isInstanceOf(Float.class);
        assertThat(((Float) bz).doubleValue()).isCloseTo(1480 * 9.0 / 5 + 32, within(60.0));
        Object o2 =
            client
                .readValue(0, TimestampsToReturn.Both, NodeId.parse("ns=3;i=2004"))
                .value()
                .value();
        assertThat(o2).isInstanceOf(Integer.class);
        assertThat((Integer) o2).isBetween(15, 60);
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void authenticatedSecureWriteMovesTheFuelSetpointAfterConvertingUnits() throws Exception {
    SecurityOptions security =
        new SecurityOptions(false, false, false, Map.of("plantops", "s3cret"), false);
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.joliet()).seed(5).security(security).start()) {
      OpcUaClient client =
          TestClients.secure(
              sim,
              SecurityPolicy.Basic256Sha256,
              MessageSecurityMode.SignAndEncrypt,
              "plantops",
              "s3cret");
      try {
        // 180 kg/min is 10.8 t/h
        List<StatusCode> result =
            client.writeValues(
                List.of(NodeId.parse("ns=3;i=2006")),
                List.of(DataValue.valueOnly(new Variant(180.0f))));
        assertThat(result.get(0).isGood()).as(result.get(0).toString()).isTrue();
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> assertThat(sim.value(Point.FUEL_SETPOINT)).isCloseTo(10.8, within(1e-4)));
        assertThat(sim.writes())
            .singleElement()
            .satisfies(w -> assertThat(w.user()).isEqualTo("plantops"));
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void opensSecureChannelsWithEveryAdvertisedPolicyAndRefusesWrongPasswords() throws Exception {
    SecurityOptions security =
        new SecurityOptions(false, false, false, Map.of("plantops", "s3cret"), false);
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.joliet()).seed(6).security(security).start()) {
      for (SecurityPolicy policy :
          List.of(
              SecurityPolicy.Basic256Sha256,
              SecurityPolicy.Aes128_Sha256_RsaOaep,
              SecurityPolicy.Aes256_Sha256_RsaPss)) {
        OpcUaClient client =
            TestClients.secure(
                sim, policy, MessageSecurityMode.SignAndEncrypt, "plantops", "s3cret");
        try {
          assertThat(
                  client
                      .readValue(0, TimestampsToReturn.Both, NodeId.parse("ns=3;i=2003"))
                      .statusCode()
                      .isGood())
              .as(policy.name())
              .isTrue();
        } finally {
          client.disconnect();
        }
      }
      assertThatThrownBy(
              () ->
                  TestClients.secure(
                      sim,
                      SecurityPolicy.Basic256Sha256,
                      MessageSecurityMode.SignAndEncrypt,
                      "plantops",
                      "wrong"))
          .isInstanceOf(UaException.class);
    }
  }

  @Test
  void refusesAnonymousWritesWritesOutsideTheRangeAndTheWrongType() throws Exception {
    SecurityOptions security =
        new SecurityOptions(true, true, false, Map.of("plantops", "s3cret"), false);
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon()).seed(5).security(security).start()) {
      NodeId sp = NodeId.parse("ns=2;s=LYN.K1.COAL.FLOW.SP");
      OpcUaClient anonymous = TestClients.anonymous(sim.endpointUrl());
      try {
        StatusCode denied =
            anonymous
                .writeValues(List.of(sp), List.of(DataValue.valueOnly(new Variant(10.0))))
                .get(0);
        assertThat(denied.getValue()).isEqualTo(StatusCodes.Bad_UserAccessDenied);
      } finally {
        anonymous.disconnect();
      }
      OpcUaClient user =
          TestClients.secure(
              sim, SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, "plantops", "s3cret");
      try {
        StatusCode outOfRange =
            user.writeValues(List.of(sp), List.of(DataValue.valueOnly(new Variant(45.0)))).get(0);
        assertThat(outOfRange.getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        StatusCode wrongType =
            user.writeValues(List.of(sp), List.of(DataValue.valueOnly(new Variant(10.0f)))).get(0);
        assertThat(wrongType.getValue()).isEqualTo(StatusCodes.Bad_TypeMismatch);
      } finally {
        user.disconnect();
      }
      assertThat(sim.writes()).isEmpty();
    }
  }

  @Test
  void advertisesAndEnforcesMonitoredItemLimits() throws Exception {
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon()).limits(new ServerLimits(2, 3, 10)).start()) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        List<DataValue> limits =
            client.readValues(
                0,
                TimestampsToReturn.Neither,
                List.of(
                    NodeIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall,
                    NodeIds.Server_ServerCapabilities_MaxMonitoredItemsPerSubscription));
        assertThat(limits.get(0).value().value()).isEqualTo(uint(2));
        assertThat(limits.get(1).value().value()).isEqualTo(uint(3));
        UInteger subscription =
            client
                .createSubscription(
                    500.0,
                    uint(60),
                    uint(20),
                    uint(0),
                    true,
                    org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte(0))
                .getSubscriptionId();
        assertThatThrownBy(
                () -> client.createMonitoredItems(subscription, TimestampsToReturn.Both, items(3)))
            .isInstanceOfSatisfying(
                UaException.class,
                e ->
                    assertThat(e.getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Bad_TooManyOperations));
        client.createMonitoredItems(subscription, TimestampsToReturn.Both, items(2));
        assertThatThrownBy(
                () -> client.createMonitoredItems(subscription, TimestampsToReturn.Both, items(2)))
            .isInstanceOfSatisfying(
                UaException.class,
                e ->
                    assertThat(e.getStatusCode().getValue())
                        .isEqualTo(StatusCodes.Bad_TooManyMonitoredItems));
        assertThat(sim.createMonitoredItemsCallSizes()).containsExactly(3, 2, 2);
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void restartDropsClientsButKeepsTheProcessRunning() throws Exception {
    try (PlantSimulator sim = PlantSimulator.start(Dialect.lyon(), 9, 0)) {
      double before = sim.withProcess(p -> p.time());
      sim.stopServer();
      assertThatThrownBy(() -> TestClients.anonymous(sim.endpointUrl()))
          .isInstanceOf(Exception.class);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sim.withProcess(p -> p.time()) > before + 0.5);
      sim.startServer();
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        DataValue v =
            client.readValue(0, TimestampsToReturn.Both, NodeId.parse("ns=2;s=LYN.K1.BZT.PV"));
        assertThat(v.statusCode().isGood()).isTrue();
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void sameSeedAndTicksGiveTheSameValues() throws Exception {
    try (PlantSimulator a =
            PlantSimulator.builder(Dialect.lyon()).seed(77).manualClock(true).start();
        PlantSimulator b =
            PlantSimulator.builder(Dialect.lyon()).seed(77).manualClock(true).start()) {
      a.advance(Duration.ofMinutes(10));
      b.advance(Duration.ofMinutes(10));
      for (TagSpec tag : Dialect.lyon().tags()) {
        assertThat(a.value(tag.point())).as(tag.browseName()).isEqualTo(b.value(tag.point()));
      }
      assertThat(a.value(Point.BURNING_ZONE_TEMPERATURE)).isBetween(1400.0, 1560.0);
    }
  }

  @Test
  void injectedStatusAndBiasReachClients() throws Exception {
    try (PlantSimulator sim = PlantSimulator.start(Dialect.lyon(), 4, 0)) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        NodeId o2 = NodeId.parse("ns=2;s=LYN.K1.INLET_O2.PV");
        sim.injectStatus(Point.INLET_O2, StatusCodes.Bad_SensorFailure);
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .readValue(0, TimestampsToReturn.Both, o2)
                                .statusCode()
                                .getValue())
                        .isEqualTo(StatusCodes.Bad_SensorFailure));
        sim.injectSensorBias(KilnSignal.BURNING_ZONE_TEMPERATURE, 200.0);
        NodeId bz = NodeId.parse("ns=2;s=LYN.K1.BZT.PV");
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () ->
                    assertThat(
                            (Double)
                                client.readValue(0, TimestampsToReturn.Both, bz).value().value())
                        .isGreaterThan(1600.0));
      } finally {
        client.disconnect();
      }
    }
  }

  private static List<MonitoredItemCreateRequest> items(int n) {
    String[] tags = {"LYN.K1.BZT.PV", "LYN.K1.FEED_RATE.PV", "LYN.K1.INLET_O2.PV"};
    List<MonitoredItemCreateRequest> requests = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      requests.add(
          new MonitoredItemCreateRequest(
              new ReadValueId(
                  NodeId.parse("ns=2;s=" + tags[i % tags.length]), uint(13), null, null),
              MonitoringMode.Reporting,
              new MonitoringParameters(uint(i + 1), 1000.0, null, uint(1), true)));
    }
    return requests;
  }

  static Map<String, Object> properties(OpcUaClient client, NodeId nodeId) throws UaException {
    var browse =
        new BrowseDescription(
            nodeId,
            BrowseDirection.Forward,
            NodeIds.HasProperty,
            true,
            uint(NodeClass.Variable.getValue()),
            uint(BrowseResultMask.All.getValue()));
    Map<String, Object> result = new HashMap<>();
    ReferenceDescription[] refs = client.browse(browse).getReferences();
    for (ReferenceDescription ref : refs == null ? new ReferenceDescription[0] : refs) {
      NodeId property = ref.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
      result.put(
          ref.getBrowseName().name(),
          client.readValue(0, TimestampsToReturn.Neither, property).value().value());
    }
    return result;
  }
}
