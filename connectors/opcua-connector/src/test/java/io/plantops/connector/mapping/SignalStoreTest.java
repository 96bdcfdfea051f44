package io.plantops.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.rules.Staleness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;

class SignalStoreTest {

  private static final long T = 1_700_000_000_000L;

  private final SignalTable table =
      SignalTable.of(
          List.of(
              new SignalMapping(
                  "kiln.burning_zone.temperature", "ns=3;i=2003", "degF", "°C", 1, 0, 2000, false),
              new SignalMapping("kiln.inlet.o2", "ns=3;i=2004", "%", "%", 0.1, 0, 5000, false),
              new SignalMapping("raw_meal.lsf", "ns=3;i=2011", "1", "%", 1, 0, 300_000, false)));
  private final AtomicInteger wakes = new AtomicInteger();
  private final SignalStore store =
      new SignalStore(table, new Staleness(3, Duration.ZERO), 8, wakes::incrementAndGet);

  @Test
  void convertsFahrenheitScaledRegistersAndRatiosInOneStep() {
    store.accept(0, 2696.0f, StatusCodes.Good, T, T);
    store.accept(1, 32, StatusCodes.Good, T, T);
    store.accept(2, 0.95, StatusCodes.Good, T, T);
    store.accept(1, Unsigned.uint(31), StatusCodes.Good, T, T);
    assertThat(store.view(0, T).value()).isCloseTo(1480.0, within(1e-3));
    assertThat(store.view(1, T).value()).isCloseTo(3.1, within(1e-12));
    assertThat(store.view(2, T).value()).isCloseTo(95.0, within(1e-9));
  }

  @Test
  void namesTheUnitOfRawNodeValuesForTheAuditLog() {
    assertThat(store.rawUnit(0)).isEqualTo("degF");
    // a scaled register: its raw values are in no catalogue unit, so the label says how they relate
    assertThat(store.rawUnit(1)).isEqualTo("raw (% = raw × 0.1 + 0.0)");
    // the server's EngineeringUnits say what the raw values are in (ServerUnits)
    store.rawUnit(1, "‰");
    assertThat(store.rawUnit(1)).isEqualTo("‰");
    // a new session starts from the table's conversion again, and so from the mapping's unit
    store.convertRaw(1, null);
    assertThat(store.rawUnit(1)).isEqualTo("raw (% = raw × 0.1 + 0.0)");
  }

  @Test
  void keepsQualityFromTheStatusCodeSeverityAndTheSourceTimestamp() {
    store.accept(0, 2700.0, StatusCodes.Uncertain_SensorNotAccurate, T - 500, T);
    SignalView v = store.view(0, T);
    assertThat(v.quality()).isEqualTo(Quality.Uncertain);
    assertThat(v.sourceTimeMs()).isEqualTo(T - 500);
    store.accept(0, 2700.0, StatusCodes.Bad_SensorFailure, T, T);
    assertThat(store.view(0, T).quality()).isEqualTo(Quality.Bad);
    assertThat(store.view(0, T).usable()).isFalse();
  }

  @Test
  void marksNullsStringsAndNaNsBadAndCountsThemByReason() {
    store.accept(0, null, StatusCodes.Good, T, T);
    store.accept(0, "2700", StatusCodes.Good, T, T);
    store.accept(0, Double.NaN, StatusCodes.Good, T, T);
    assertThat(store.errors(MappingError.NULL_VALUE)).isEqualTo(1);
    assertThat(store.errors(MappingError.UNSUPPORTED_TYPE)).isEqualTo(1);
    assertThat(store.errors(MappingError.NOT_FINITE)).isEqualTo(1);
    assertThat(store.view(0, T).quality()).isEqualTo(Quality.Bad);
  }

  @Test
  void aValueThatDoesNotChangeStaysValidWhileItsSubscriptionAnswers() {
    int sub = store.subscribed(10_000, new int[] {0, 1, 2});
    assertThat(store.staleSignals(T)).as("no value yet").hasSize(3);
    store.accept(0, 2700.0, StatusCodes.Good, T - 86_400_000L, T);
    // report by exception: no notification for a day, but keep-alives every 10 s
    long t = T;
    for (int i = 0; i < 8640; i++) {
      t += 10_000;
      store.published(sub, t);
    }
    SignalView v = store.view(0, t);
    assertThat(v.stale()).isFalse();
    assertThat(v.held()).isTrue();
    assertThat(v.usable()).isTrue();
    assertThat(store.heldCount(t)).isEqualTo(1);
  }

  @Test
  void aSilentSubscriptionMakesItsSignalsStaleAfterItsKeepAlivePeriods() {
    int sub = store.subscribed(10_000, new int[] {0, 1});
    store.accept(0, 2700.0, StatusCodes.Good, T, T);
    store.accept(1, 32, StatusCodes.Good, T, T);
    store.published(sub, T + 5_000);
    assertThat(store.view(0, T + 35_000).stale()).isFalse();
    assertThat(store.staleSignals(T + 35_001))
        .contains("kiln.burning_zone.temperature", "kiln.inlet.o2");
    // a response brings them back
    store.published(sub, T + 40_000);
    assertThat(store.view(1, T + 40_000).stale()).isFalse();
  }

  @Test
  void aLostSessionOrANewSubscriptionMakesEverySignalStaleUntilItAnswers() {
    int sub = store.subscribed(10_000, new int[] {0});
    store.accept(0, 2700.0, StatusCodes.Good, T, T);
    assertThat(store.view(0, T + 1).stale()).isFalse();
    store.sessionLost();
    assertThat(store.view(0, T + 1).stale()).isTrue();
    store.published(sub, T + 2);
    assertThat(store.view(0, T + 2).stale()).isFalse();
    store.unsubscribed();
    assertThat(store.view(0, T + 3).stale()).as("not monitored").isTrue();
    int again = store.subscribed(10_000, new int[] {0});
    assertThat(store.view(0, T + 3).stale()).as("not answered yet").isTrue();
    store.published(again, T + 4);
    assertThat(store.view(0, T + 4).stale()).isFalse();
  }

  @Test
  void aMaximumAgeMakesAValueStaleByItsSourceTimestampWhateverTheSubscription() {
    SignalStore lab =
        new SignalStore(
            SignalTable.of(
                List.of(
                    new SignalMapping(
                        "clinker.free_lime.lab",
                        "ns=3;i=2010",
                        "%",
                        "%",
                        1,
                        0,
                        1000,
                        false,
                        Duration.ofHours(4).toMillis(),
                        null))),
            new Staleness(3, Duration.ZERO),
            8,
            () -> {});
    int sub = lab.subscribed(10_000, new int[] {0});
    lab.accept(0, 1.2, StatusCodes.Good, T, T);
    long fourHours = Duration.ofHours(4).toMillis();
    lab.published(sub, T + fourHours);
    assertThat(lab.view(0, T + fourHours).stale()).isFalse();
    lab.published(sub, T + fourHours + 1);
    assertThat(lab.view(0, T + fourHours + 1).stale()).isTrue();
  }

  @Test
  void aBadStatusMakesASignalBadAtOnce() {
    store.subscribed(10_000, new int[] {1});
    store.accept(1, 32, StatusCodes.Good, T, T);
    assertThat(store.usableValue("kiln.inlet.o2", T)).hasValueCloseTo(3.2, within(1e-12));
    store.accept(1, 32, StatusCodes.Bad_SensorFailure, T + 1, T + 1);
    assertThat(store.view(1, T + 1).quality()).isEqualTo(Quality.Bad);
    assertThat(store.view(1, T + 1).stale()).isFalse();
    assertThat(store.usableValue("kiln.inlet.o2", T + 1)).isEmpty();
  }

  @Test
  void offersAValueOnlyWhileTheSignalIsGoodAndNotStale() {
    store.subscribed(10_000, new int[] {0, 1, 2});
    assertThat(store.usableValue("kiln.inlet.o2", T)).as("never seen").isEmpty();
    store.accept(1, 32, StatusCodes.Good, T, T);
    assertThat(store.usableValue("kiln.inlet.o2", T)).hasValueCloseTo(3.2, within(1e-12));
    assertThat(store.usableValue("kiln.inlet.o2", T + 30_001)).as("stale").isEmpty();
    store.accept(1, 32, StatusCodes.Uncertain_SensorNotAccurate, T, T);
    assertThat(store.usableValue("kiln.inlet.o2", T)).as("not Good").isEmpty();
    assertThat(store.usableValue("no.such.signal", T)).isEmpty();
  }

  @Test
  void drainsOldestFirstAndCountsWhatTheFullRingDropped() {
    for (int i = 0; i < 10; i++) {
      store.accept(0, 2700.0 + i, StatusCodes.Good, T + i, T + i);
    }
    assertThat(store.dropped()).isEqualTo(2);
    assertThat(wakes.get()).isEqualTo(1);
    SignalStore.SampleChunk chunk = new SignalStore.SampleChunk(16);
    assertThat(store.drain(chunk)).isEqualTo(8);
    assertThat(chunk.time(0)).isEqualTo(T + 2);
    assertThat(chunk.time(7)).isEqualTo(T + 9);
    assertThat(store.pending()).isZero();
  }
}
