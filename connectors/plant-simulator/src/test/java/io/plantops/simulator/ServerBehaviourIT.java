package io.plantops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateResult;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.junit.jupiter.api.Test;

/**
 * The Alpena dialect's server behaves like a real report-by-exception server (constant values keep
 * their source timestamp, absolute deadbands, revised sampling intervals, setpoints constant for
 * hours); Lyon's cyclic scan, for contrast, republishes every scan.
 */
class ServerBehaviourIT {

  /** 1 wall tick of 100 ms = 6 simulated seconds. */
  private static PlantSimulator manual(Dialect dialect) throws Exception {
    return PlantSimulator.builder(dialect).seed(5).timeScale(60).manualClock(true).start();
  }

  @Test
  void aConstantSetpointKeepsItsSourceTimestampForHoursAndAReadSaysSo() throws Exception {
    try (PlantSimulator sim = manual(Dialect.alpena())) {
      // past the operators' first routine move (60 simulated s), then 3 simulated hours
      sim.advance(Duration.ofSeconds(2));
      DataValue before = sim.published(Point.FUEL_SETPOINT);
      long publications = sim.publications(Point.FUEL_SETPOINT);
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        NodeId sp = NodeId.parse(Dialect.alpena().tag(Point.FUEL_SETPOINT).orElseThrow().nodeId());
        sim.advance(Duration.ofSeconds(180));
        DataValue read = client.readValue(0, TimestampsToReturn.Both, sp);
        assertThat(read.value().value()).isEqualTo(before.value().value());
        assertThat(read.sourceTime()).isEqualTo(before.sourceTime());
        assertThat(sim.publications(Point.FUEL_SETPOINT)).isEqualTo(publications);
        assertThat(sim.publications(Point.KILN_SPEED_SETPOINT)).isLessThanOrEqualTo(2);
        // 3 simulated hours scanned every 500 ms wall: 3600 scans of the feed, most inside its
        // deadband
        assertThat(sim.publications(Point.FEED_RATE)).isBetween(2L, 3000L);
      } finally {
        client.disconnect();
      }
    }
    try (PlantSimulator lyon = manual(Dialect.lyon())) {
      lyon.advance(Duration.ofSeconds(2));
      DataValue before = lyon.published(Point.FUEL_SETPOINT);
      lyon.advance(Duration.ofSeconds(10));
      assertThat(lyon.published(Point.FUEL_SETPOINT).sourceTime())
          .as("a cyclic scan republishes a constant value with a new timestamp")
          .isNotEqualTo(before.sourceTime());
    }
  }

  @Test
  void valuesInsideTheAbsoluteDeadbandPublishNothing() throws Exception {
    try (PlantSimulator sim = manual(Dialect.alpena())) {
      double deadband = Dialect.alpena().behaviour().deadband(Point.BURNING_ZONE_TEMPERATURE);
      assertThat(deadband).isEqualTo(2.0);
      List<Double> published = new ArrayList<>();
      DataValue last = null;
      for (int i = 0; i < 3000; i++) {
        sim.advance(Duration.ofMillis(100));
        DataValue now = sim.published(Point.BURNING_ZONE_TEMPERATURE);
        if (now != last) {
          published.add(((Number) now.value().value()).doubleValue());
          last = now;
        }
      }
      assertThat(published).hasSizeGreaterThan(2);
      for (int i = 1; i < published.size(); i++) {
        assertThat(Math.abs(published.get(i) - published.get(i - 1)))
            .as("change %d of %s", i, published)
            .isGreaterThan(deadband);
      }
      // 3000 ticks = 600 scans of 500 ms
      assertThat(sim.publications(Point.BURNING_ZONE_TEMPERATURE)).isLessThan(600);
    }
  }

  @Test
  void theServerRevisesASamplingIntervalBelowItsFloor() throws Exception {
    Dialect alpena = Dialect.alpena();
    try (PlantSimulator sim = PlantSimulator.start(alpena, 3, 0)) {
      OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
      try {
        NodeId feed = NodeId.parse(alpena.tag(Point.FEED_RATE).orElseThrow().nodeId());
        DataValue minimum =
            client.read(
                    0,
                    TimestampsToReturn.Neither,
                    List.of(
                        new ReadValueId(
                            feed, AttributeId.MinimumSamplingInterval.uid(), null, null)))
                .getResults()[0];
        assertThat(minimum.value().value()).isEqualTo(500.0);
        UInteger subscription =
            client
                .createSubscription(500.0, uint(60), uint(20), uint(0), true, ubyte(0))
                .getSubscriptionId();
        MonitoredItemCreateResult result =
            client.createMonitoredItems(
                    subscription,
                    TimestampsToReturn.Both,
                    List.of(
                        new MonitoredItemCreateRequest(
                            new ReadValueId(feed, AttributeId.Value.uid(), null, null),
                            MonitoringMode.Reporting,
                            new MonitoringParameters(uint(1), 500.0, null, uint(1), true))))
                .getResults()[0];
        assertThat(result.getStatusCode().isGood()).isTrue();
        assertThat(result.getRevisedSamplingInterval()).isEqualTo(1000.0);
      } finally {
        client.disconnect();
      }
    }
  }
}
