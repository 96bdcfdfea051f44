package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.rules.Staleness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

/** The notification mapping of {@link PlantSubscriptions}, which needs no server. */
class PlantSubscriptionsTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  void timesASampleBySourceThenServerThenArrival() {
    DateTime source = new DateTime(Instant.ofEpochMilli(NOW - 700));
    DateTime server = new DateTime(Instant.ofEpochMilli(NOW - 200));
    Variant v = new Variant(1.0);

    assertThat(
            PlantSubscriptions.sourceTime(new DataValue(v, StatusCode.GOOD, source, server), NOW))
        .isEqualTo(NOW - 700);
    assertThat(PlantSubscriptions.sourceTime(new DataValue(v, StatusCode.GOOD, null, server), NOW))
        .isEqualTo(NOW - 200);
    assertThat(
            PlantSubscriptions.sourceTime(
                new DataValue(v, StatusCode.GOOD, DateTime.MIN_VALUE, null), NOW))
        .isEqualTo(NOW);
  }

  @Test
  void mapsANotificationIntoTheStoreWithItsQualityAndSourceTime() {
    SignalStore store =
        new SignalStore(
            SignalTable.of(
                List.of(
                    new SignalMapping(
                        "kiln.burning_zone.temperature",
                        "ns=3;i=2003",
                        "degF",
                        "°C",
                        1,
                        0,
                        1000,
                        false))),
            new Staleness(3, Duration.ZERO),
            16,
            () -> {});
    DataValue value =
        new DataValue(
            new Variant(2696.0f),
            new StatusCode(StatusCodes.Uncertain_SensorNotAccurate),
            new DateTime(Instant.ofEpochMilli(NOW - 300)),
            null);

    PlantSubscriptions.map(store, 0, value, NOW);

    var view = store.view(0, NOW);
    assertThat(view.value()).isCloseTo(1480.0, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(view.quality()).isEqualTo(Quality.Uncertain);
    assertThat(view.sourceTimeMs()).isEqualTo(NOW - 300);
    assertThat(store.lastNotificationMs()).isEqualTo(NOW);
  }
}
