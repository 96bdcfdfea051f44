package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.SignalDrift;
import io.plantops.contract.InferenceStatus.SkipStreak;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status documents the operator polls are a wire format between processes of different versions
 * during an upgrade: their JSON must not change when the Java types behind it do. Each document is
 * rendered with every state value the contract knows and compared byte for byte with a file
 * committed before the state became typed ({@code src/test/resources/golden}). A field added since
 * is added to the golden file, and the file as it was is kept: a newer operator must still read
 * what an older workload sends.
 */
class WireGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @ValueSource(strings = {"inference-status.json", "connector-status.json"})
  void rendersTheStatusDocumentsByteForByteAsBefore(String file) throws Exception {
    ObjectMapper mapper = PlantConfigCodec.mapper();
    Object document =
        file.startsWith("inference") ? GoldenDocuments.inference() : GoldenDocuments.connector();
    String json = mapper.writeValueAsString(document) + "\n";
    Path golden = GOLDEN.resolve(file);
    if (Boolean.getBoolean("plantops.regenerate")) {
      Files.writeString(golden, json, StandardCharsets.UTF_8);
    }
    assertThat(json).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    assertThat(mapper.readValue(json, document.getClass())).isEqualTo(document);
  }

  @Test
  void readsTheStatusOfAConnectorThatPredatesOpenGaps() throws Exception {
    ConnectorStatuses old =
        PlantConfigCodec.mapper()
            .readValue(
                GOLDEN.resolve("connector-status-without-open-gaps.json").toFile(),
                ConnectorStatuses.class);
    assertThat(old).isEqualTo(GoldenDocuments.connectorWithoutOpenGaps());
    assertThat(old.statuses()).extracting(ConnectorStatus::openGaps).containsOnly(0);
  }

  @Test
  void readsNoDriftFigureWhereAnOlderInferenceServerSentOneBeforeTheMinimumSamples()
      throws Exception {
    // written before psi, meanShift and score were nullable: an Unknown input carried 0.0 (or its
    // early noise), an Unknown use case a score of 0.0
    InferenceStatus old =
        PlantConfigCodec.mapper()
            .readValue(
                GOLDEN.resolve("inference-status-with-unmeasured-drift-figures.json").toFile(),
                InferenceStatus.class);
    assertThat(old).isEqualTo(GoldenDocuments.inference());
    DriftReport energy = old.useCases().get(0).drift();
    assertThat(energy.score()).isEqualTo(0.31);
    assertThat(energy.signals())
        .filteredOn(s -> s.status() == DriftStatus.Unknown)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.psi()).isNull();
              assertThat(s.meanShift()).isNull();
            });
    DriftReport failed = old.useCases().get(1).drift();
    assertThat(failed.score()).isNull();
  }

  @Test
  void readsTheStatusOfAConnectorThatPredatesRefusedSignals() throws Exception {
    ConnectorStatuses old =
        PlantConfigCodec.mapper()
            .readValue(
                GOLDEN.resolve("connector-status-without-refused-signals.json").toFile(),
                ConnectorStatuses.class);
    assertThat(old).isEqualTo(GoldenDocuments.connectorWithoutRefusedSignals());
    assertThat(old.statuses()).allSatisfy(s -> assertThat(s.refusedSignals()).isEmpty());
  }

  /** Documents that carry every state value of the contract. */
  static final class GoldenDocuments {

    static InferenceStatus inference() {
      Map<SkipReason, Long> skipped = new TreeMap<>();
      skipped.put(SkipReason.MissingInput, 3L);
      skipped.put(SkipReason.StaleInput, 1L);
      skipped.put(SkipReason.BadQuality, 2L);
      skipped.put(SkipReason.UncertainQuality, 4L);
      skipped.put(SkipReason.OutOfRange, 5L);
      skipped.put(SkipReason.ModelNotLoaded, 6L);
      skipped.put(SkipReason.ModelError, 7L);
      Recommendation rec =
          new Recommendation(
              42,
              "kiln1-energy",
              "1.2.0",
              Autonomy.Advisory,
              1_764_000_000_000L,
              "snap-42",
              List.of(
                  new Recommendation.OutputValue(
                      "fuel_setpoint", "kiln.fuel.rate", "t/h", 11.5, 11.7, true)),
              List.of(new Recommendation.Contribution("kiln.feed.rate", 250.0, 0.4)));
      UseCaseStatus energy =
          new UseCaseStatus(
              "kiln1-energy",
              new ModelState(
                  "1.2.0",
                  SampleConfigs.FAKE_SHA256,
                  ModelLoadState.Loaded,
                  null,
                  1_764_000_000_000L,
                  "1.2.0"),
              new ModelState("1.3.0", null, ModelLoadState.Loading, null, null, null),
              new ShadowStats("1.3.0", 1_764_000_000_000L, 5400, 0.07, 0.5, 12, 0.3, 0.25),
              new DriftReport(
                  DriftStatus.Alert,
                  0.31,
                  "kiln.feed.rate",
                  List.of(
                      new SignalDrift("kiln.feed.rate", 0.31, 2.5, DriftStatus.Alert, 900),
                      new SignalDrift("kiln.speed", 0.12, 0.5, DriftStatus.Warn, 900),
                      new SignalDrift("kiln.inlet.o2", 0.01, 0.1, DriftStatus.Ok, 900),
                      new SignalDrift("kiln.fuel.rate", null, null, DriftStatus.Unknown, 10))),
              List.of(
                  new KpiReport(
                      "specific_heat_consumption",
                      "kJ/kg",
                      3450.0,
                      BaselineSource.Calibration,
                      3391.0,
                      -1.7,
                      KpiAssessment.Improved,
                      60),
                  new KpiReport(
                      "clinker_rate",
                      "t/h",
                      150.0,
                      BaselineSource.Measured,
                      140.0,
                      -6.6,
                      KpiAssessment.Worse,
                      60),
                  new KpiReport(
                      "free_lime",
                      "%",
                      1.2,
                      BaselineSource.Measured,
                      1.2,
                      0.0,
                      KpiAssessment.Unchanged,
                      60),
                  new KpiReport(
                      "o2",
                      "%",
                      null,
                      BaselineSource.Measured,
                      null,
                      null,
                      KpiAssessment.Unknown,
                      0)),
              1200,
              skipped,
              new SkipStreak(3, 1_764_000_060_000L, SkipReason.StaleInput, "kiln.feed.rate"),
              1_764_000_000_000L,
              rec);
      UseCaseStatus failed =
          new UseCaseStatus(
              "kiln1-quality",
              new ModelState(
                  "2.0.0",
                  null,
                  ModelLoadState.Failed,
                  ModelRefusal.of(ModelRefusalReason.DigestMismatch, "expected 00…, got 11…"),
                  null,
                  "1.9.0"),
              null,
              null,
              new DriftReport(DriftStatus.Unknown, null, null, List.of()),
              List.of(),
              0,
              Map.of(),
              null,
              null,
              null);
      return new InferenceStatus(
          "lyon", "abc123", "a refused config", 1_764_000_000_000L, List.of(energy, failed));
    }

    static ConnectorStatuses connector() {
      return new ConnectorStatuses(
          Stream.of(SessionState.values())
              .map(
                  session ->
                      new ConnectorStatus(
                          "lyon",
                          "abc123",
                          null,
                          session,
                          session == SessionState.Connected ? null : "connection refused",
                          12,
                          List.of("kiln.speed"),
                          3,
                          1,
                          session == SessionState.Connected ? 0 : 1,
                          40,
                          withheld(),
                          Map.of("kiln1-energy", new ConnectorStatus.Adoption(10, 7)),
                          session == SessionState.Connected ? refused() : List.of()))
              .toList());
    }

    /** Every refusal reason once. */
    private static List<ConnectorStatus.RefusedSignal> refused() {
      return Stream.of(SignalRefusal.values())
          .map(
              r ->
                  new ConnectorStatus.RefusedSignal(
                      "kiln.speed",
                      "lyon-kiln1",
                      "ns=2;s=LYN.K1.DRIVE.SPEED.PV",
                      r,
                      "TagMapping lyon-kiln1, entry kiln.speed: refused (" + r + ")"))
          .toList();
    }

    /** What a connector sent before {@code refusedSignals}: the same, without them. */
    static ConnectorStatuses connectorWithoutRefusedSignals() {
      return new ConnectorStatuses(
          connector().statuses().stream()
              .map(
                  s ->
                      new ConnectorStatus(
                          s.plant(),
                          s.configVersion(),
                          s.configError(),
                          s.session(),
                          s.sessionMessage(),
                          s.monitoredItems(),
                          s.staleSignals(),
                          s.bufferedBatches(),
                          s.gaps(),
                          s.openGaps(),
                          s.writes(),
                          s.withheld(),
                          s.adoption()))
              .toList());
    }

    /** What a connector sent before {@code openGaps}: the same, without it. */
    static ConnectorStatuses connectorWithoutOpenGaps() {
      return new ConnectorStatuses(
          Stream.of(SessionState.values())
              .map(
                  session ->
                      new ConnectorStatus(
                          "lyon",
                          "abc123",
                          null,
                          session,
                          session == SessionState.Connected ? null : "connection refused",
                          12,
                          List.of("kiln.speed"),
                          3,
                          1,
                          40,
                          withheld(),
                          Map.of("kiln1-energy", new ConnectorStatus.Adoption(10, 7))))
              .toList());
    }

    private static Map<WriteReason, Long> withheld() {
      Map<WriteReason, Long> withheld = new TreeMap<>();
      withheld.put(WriteReason.INPUT_STALE, 2L);
      withheld.put(WriteReason.OUTPUT_MISSING, 1L);
      withheld.put(WriteReason.OUT_OF_ORDER, 1L);
      withheld.put(WriteReason.WITHIN_DEADBAND, 5L);
      return withheld;
    }
  }

  /** One connector status per session state. */
  record ConnectorStatuses(List<ConnectorStatus> statuses) {}
}
