package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.SignalHistory;
import io.plantops.contract.units.LinearConversion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

/**
 * What the simulator cannot produce: servers that answer out of time order, never answer, or are
 * not connected. The calls are scripted; everything else is the real reader.
 */
class HistoryReaderTest {

  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofHours(1));
  private static final HistoryReader.Signal FUEL =
      new HistoryReader.Signal(
          "kiln.fuel.rate", NodeId.parse("ns=2;s=FUEL"), new LinearConversion(0.1, 0), 0.0, 30.0);

  private static DataValue value(int minute, double raw, long status) {
    DateTime t = new DateTime(FROM.plus(Duration.ofMinutes(minute)));
    return new DataValue(new Variant(raw), new StatusCode(status), t, t);
  }

  private static HistoryCall.NodeResult page(ByteString cp, DataValue... values) {
    return new HistoryCall.NodeResult(StatusCode.GOOD, cp, List.of(values));
  }

  @Test
  void excludesOutOfOrderOutOfRangeBadAndUncertainSamplesAndConvertsTheRest() throws Exception {
    ByteString cp = ByteString.of(new byte[] {1});
    List<Boolean> releases = new CopyOnWriteArrayList<>();
    List<ByteString> asked = new CopyOnWriteArrayList<>();
    HistoryCall call =
        (details, nodes, release) -> {
          releases.add(release);
          asked.add(nodes.get(0).getContinuationPoint());
          if (nodes.get(0).getContinuationPoint() == null) {
            return CompletableFuture.completedFuture(
                List.of(
                    page(
                        cp,
                        value(0, 110, StatusCodes.Good),
                        value(1, 111, StatusCodes.Good),
                        value(1, 500, StatusCodes.Good), // same timestamp again
                        value(2, 112, StatusCodes.Bad_SensorFailure))));
          }
          return CompletableFuture.completedFuture(
              List.of(
                  page(
                      null,
                      value(3, 113, StatusCodes.Uncertain_SensorNotAccurate),
                      value(4, 900, StatusCodes.Good), // 90 t/h: above validMax 30
                      value(5, 115, StatusCodes.Good))));
        };
    try (HistoryReader reader =
        new HistoryReader(() -> Optional.of(call), HistoryReader.Limits.defaults())) {
      HistorySeries series = reader.read("lyon", List.of(FUEL), FROM, TO).get();
      assertThat(series.status()).isEqualTo(HistoryReadStatus.Read);
      SignalHistory fuel = series.signals().get(0);
      assertThat(fuel.values()).containsExactly(new double[] {11.0, 11.1, 11.5}, within(1e-9));
      assertThat(fuel.unordered()).isEqualTo(1);
      assertThat(fuel.bad()).isEqualTo(1);
      assertThat(fuel.uncertain()).isEqualTo(1);
      assertThat(fuel.outOfRange()).isEqualTo(1);
      // the last sample at minute 5 of a 60-minute window: the rest of the hour is a gap
      assertThat(fuel.gaps()).isEqualTo(1);
      assertThat(fuel.missingMs()).isEqualTo(Duration.ofMinutes(54).toMillis());
      assertThat(asked).containsExactly(null, cp);
      assertThat(releases).containsOnly(false);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndItsContinuationPointIsReleased() throws Exception {
    ByteString cp = ByteString.of(new byte[] {7});
    List<Boolean> releases = new CopyOnWriteArrayList<>();
    HistoryCall call =
        (details, nodes, release) -> {
          releases.add(release);
          if (release) {
            return CompletableFuture.completedFuture(List.of());
          }
          if (nodes.get(0).getContinuationPoint() == null) {
            return CompletableFuture.completedFuture(
                List.of(page(cp, value(0, 110, StatusCodes.Good))));
          }
          return new CompletableFuture<>(); // the second page never comes
        };
    var limits = new HistoryReader.Limits(Duration.ofMillis(200), 100, 1000);
    try (HistoryReader reader = new HistoryReader(() -> Optional.of(call), limits)) {
      HistorySeries series = reader.read("lyon", List.of(FUEL), FROM, TO).get();
      assertThat(series.status()).isEqualTo(HistoryReadStatus.TimedOut);
      assertThat(series.reason()).contains("timed out");
      assertThat(series.signals().get(0).good()).isZero();
      assertThat(releases).containsExactly(false, false, true);
    }
  }

  @Test
  void withoutASessionTheReadFailsAtOnceWithItsReason() throws Exception {
    try (HistoryReader reader =
        new HistoryReader(Optional::empty, HistoryReader.Limits.defaults())) {
      HistorySeries series = reader.read("lyon", List.of(FUEL), FROM, TO).get();
      assertThat(series.status()).isEqualTo(HistoryReadStatus.Failed);
      assertThat(series.reason()).isEqualTo("no session to the server");
    }
  }

  @Test
  void aThirdReadWhileOneRunsAndOneWaitsIsRefusedWithoutWaiting() throws Exception {
    CompletableFuture<List<HistoryCall.NodeResult>> hold = new CompletableFuture<>();
    HistoryCall call = (details, nodes, release) -> hold;
    try (HistoryReader reader =
        new HistoryReader(() -> Optional.of(call), HistoryReader.Limits.defaults())) {
      List<CompletableFuture<HistorySeries>> reads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        reads.add(reader.read("lyon", List.of(FUEL), FROM, TO));
      }
      HistorySeries third = reads.get(2).get();
      assertThat(third.status()).isEqualTo(HistoryReadStatus.Failed);
      assertThat(third.reason()).isEqualTo("a history read is running");
      hold.complete(List.of(page(null, value(0, 110, StatusCodes.Good))));
      assertThat(reads.get(0).get().status()).isEqualTo(HistoryReadStatus.Read);
      assertThat(reads.get(1).get().status()).isEqualTo(HistoryReadStatus.Read);
    }
  }

  @Test
  void historyOperationUnsupportedMeansNoHistory() throws Exception {
    HistoryCall call =
        (details, nodes, release) ->
            CompletableFuture.completedFuture(
                List.of(
                    new HistoryCall.NodeResult(
                        new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported),
                        null,
                        List.of())));
    try (HistoryReader reader =
        new HistoryReader(() -> Optional.of(call), HistoryReader.Limits.defaults())) {
      HistorySeries series = reader.read("lyon", List.of(FUEL), FROM, TO).get();
      assertThat(series.status()).isEqualTo(HistoryReadStatus.NoHistory);
      assertThat(series.reason()).contains("kiln.fuel.rate");
    }
  }
}
