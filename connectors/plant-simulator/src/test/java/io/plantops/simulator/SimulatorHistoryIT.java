package io.plantops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.Test;

/** The simulator's HistoryRead service, through a plain Milo client against the real server. */
class SimulatorHistoryIT {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  private static PlantSimulator simulator(HistoryOptions history) throws Exception {
    return PlantSimulator.builder(Dialect.lyon())
        .seed(7)
        .manualClock(true)
        .epochMillis(START.toEpochMilli())
        .history(history)
        .start();
  }

  private static NodeId node(PlantSimulator sim, Point point) {
    return NodeId.parse(Dialect.lyon().tag(point).orElseThrow().nodeId());
  }

  private static HistoryReadResult read(
      OpcUaClient client, NodeId node, Instant from, Instant to, int perNode, ByteString cp)
      throws Exception {
    var details =
        new ReadRawModifiedDetails(
            false, new DateTime(from), new DateTime(to), uint(perNode), false);
    return client.historyRead(
            details,
            TimestampsToReturn.Source,
            false,
            List.of(new HistoryReadValueId(node, null, null, cp)))
        .getResults()[0];
  }

  private static DataValue[] values(OpcUaClient client, HistoryReadResult result) {
    return ((HistoryData) result.getHistoryData().decode(client.getStaticEncodingContext()))
        .getDataValues();
  }

  @Test
  void servesTheModelsHistoryInPagesBoundedByTheServerLimit() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.defaults().withMaxValuesPerRead(500))) {
      PlantHistory history = sim.history().orElseThrow();
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        Instant from = START.minus(Duration.ofDays(2));
        TagSpec tag = Dialect.lyon().tag(Point.FUEL_RATE).orElseThrow();
        List<DataValue> all = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        ByteString cp = null;
        do {
          // numValuesPerNode 0: as many as the server allows
          HistoryReadResult result = read(client, node(sim, Point.FUEL_RATE), from, START, 0, cp);
          assertThat(result.getStatusCode().isGood())
              .as(result.getStatusCode().toString())
              .isTrue();
          DataValue[] page = values(client, result);
          pages.add(page.length);
          all.addAll(List.of(page));
          cp = result.getContinuationPoint();
        } while (cp != null && cp.isNotNull());

        List<PlantHistory.Sample> expected =
            history.samples(Point.FUEL_RATE, from, START, Integer.MAX_VALUE);
        assertThat(pages).allMatch(n -> n <= 500);
        assertThat(pages.size()).isGreaterThan(1);
        assertThat(all).hasSize(expected.size());
        for (int i = 0; i < all.size(); i++) {
          DataValue v = all.get(i);
          PlantHistory.Sample s = expected.get(i);
          assertThat(v.sourceTime().getJavaInstant()).isEqualTo(s.time());
          assertThat(v.statusCode().value()).isEqualTo(s.statusCode());
          double canonical = tag.rawToCanonical().apply(((Number) v.value().value()).doubleValue());
          assertThat(canonical).isCloseTo(s.canonical(), org.assertj.core.data.Offset.offset(1e-3));
        }
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void honoursASmallerClientLimitAndReleasesContinuationPoints() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.defaults())) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        NodeId bzt = node(sim, Point.BURNING_ZONE_TEMPERATURE);
        Instant from = START.minus(Duration.ofHours(3));
        HistoryReadResult first = read(client, bzt, from, START, 10, null);
        assertThat(values(client, first)).hasSize(10);
        ByteString cp = first.getContinuationPoint();
        assertThat(cp.isNotNull()).isTrue();

        var release =
            client.historyRead(
                new ReadRawModifiedDetails(
                    false, new DateTime(from), new DateTime(START), uint(10), false),
                TimestampsToReturn.Source,
                true,
                List.of(new HistoryReadValueId(bzt, null, null, cp)));
        assertThat(release.getResults()[0].getStatusCode().isGood()).isTrue();

        HistoryReadResult reused = read(client, bzt, from, START, 10, cp);
        assertThat(reused.getStatusCode().value())
            .isEqualTo(StatusCodes.Bad_ContinuationPointInvalid);
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void historizedTagsCarryTheHistoryReadAccessBitAndTheAdviceDoesNot() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.defaults())) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        assertThat(accessLevel(client, node(sim, Point.FUEL_RATE)))
            .contains(AccessLevel.CurrentRead, AccessLevel.HistoryRead);
        assertThat(accessLevel(client, node(sim, Point.FUEL_ADVICE)))
            .doesNotContain(AccessLevel.HistoryRead);
        HistoryReadResult advice =
            read(client, node(sim, Point.FUEL_ADVICE), START.minusSeconds(3600), START, 0, null);
        assertThat(advice.getStatusCode().value())
            .isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
      } finally {
        client.disconnect();
      }
    }
  }

  @Test
  void aServerWithoutHistoryHasNoHistoryReadBitAndRefusesHistoryRead() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.disabled())) {
      assertThat(sim.history()).isEmpty();
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        NodeId fuel = node(sim, Point.FUEL_RATE);
        assertThat(accessLevel(client, fuel)).doesNotContain(AccessLevel.HistoryRead);
        HistoryReadResult result = read(client, fuel, START.minusSeconds(3600), START, 0, null);
        assertThat(result.getStatusCode().value())
            .isEqualTo(StatusCodes.Bad_HistoryOperationUnsupported);
      } finally {
        client.disconnect();
      }
    }
  }

  private static EnumSet<AccessLevel> accessLevel(OpcUaClient client, NodeId node)
      throws Exception {
    DataValue v =
        client.read(
                0,
                TimestampsToReturn.Neither,
                List.of(
                    new org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId(
                        node, AttributeId.AccessLevel.uid(), null, null)))
            .getResults()[0];
    return AccessLevel.fromValue((UByte) v.value().value());
  }
}
