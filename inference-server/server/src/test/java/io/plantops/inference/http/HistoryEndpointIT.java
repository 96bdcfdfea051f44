package io.plantops.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Autonomy;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.HostAliases;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SignalHistory;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.inference.Fixtures;
import io.plantops.inference.InferenceServer;
import io.plantops.inference.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/history}: the baselines of a Shadow plant's KPIs from its history, before any
 * recommendation, on the real server.
 */
class HistoryEndpointIT {

  private static final long T0 = 1_800_000_000_000L;
  private static final long MIN = 60_000L;
  private final ObjectMapper json = PlantConfigCodec.mapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path dir;
  private InferenceServer server;

  @BeforeEach
  void start() throws Exception {
    start(Fixtures.lyon(Autonomy.Shadow));
  }

  private void start(ResolvedPlantConfig plant) throws Exception {
    Path config = dir.resolve("plant-config.json");
    Files.writeString(config, PlantConfigCodec.toJson(plant));
    server =
        InferenceServer.start(
            new Settings(
                0,
                "127.0.0.1",
                config,
                100,
                HttpLimits.withMaxBody(1 << 20),
                HostAliases.parse(null)),
            new Fixtures.TestClock(T0),
            dir.resolve("cache"),
            false);
    await().atMost(Duration.ofSeconds(20)).until(() -> server.engine().ready());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(Object body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/history"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static SignalHistory signal(String name, double... values) {
    long[] times = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      times[i] = T0 - 24 * 60 * MIN + i * MIN;
    }
    return new SignalHistory(name, times, values, 0, 0, 0, 0, 0, 0, HistoryReadStatus.Read, null);
  }

  @Test
  void aKpiWithoutCalibrationTakesItsBaselineFromHistoryAndACalibratedOneKeepsItsOwn()
      throws Exception {
    HistorySeries series =
        new HistorySeries(
            "lyon",
            T0 - 24 * 60 * MIN,
            T0,
            HistoryReadStatus.Read,
            null,
            List.of(
                signal("kiln.fuel.rate", 11, 12),
                signal("kiln.clinker.rate", 100, 100),
                signal("clinker.free_lime.lab", 1.5, 2.5, 1.0, 3.0)));
    HttpResponse<String> answer = post(series);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<KpiBaseline> baselines = json.readValue(answer.body(), new TypeReference<>() {});
    KpiBaseline heat =
        baselines.stream()
            .filter(b -> b.kpi().equals("specific_heat_consumption"))
            .findFirst()
            .orElseThrow();
    assertThat(heat.reason()).isEqualTo("not applied: the calibrated baseline wins");
    KpiBaseline offSpec =
        baselines.stream()
            .filter(b -> b.kpi().equals("off_spec_clinker"))
            .findFirst()
            .orElseThrow();
    assertThat(offSpec.reason()).isNull();
    // two of four lab samples above 2 %: 50 % off spec
    assertThat(offSpec.value()).isEqualTo(50.0);
    assertThat(offSpec.samples()).isEqualTo(4);

    InferenceStatus status = server.engine().status();
    KpiReport report =
        status.useCases().stream()
            .flatMap(u -> u.kpis().stream())
            .filter(k -> k.name().equals("off_spec_clinker"))
            .findFirst()
            .orElseThrow();
    assertThat(report.baseline()).isEqualTo(50.0);
    assertThat(report.baselineSource()).isEqualTo(BaselineSource.History);
    assertThat(report.baselineSamples()).isEqualTo(4);
    assertThat(report.baselineFromMs()).isEqualTo(T0 - 24 * 60 * MIN);
    assertThat(report.baselineToMs()).isEqualTo(T0);
    assertThat(report.baselineAtMs()).isEqualTo(T0);
  }

  @Test
  void aRestartedServerTakesTheBaselineTheConfigHandsBackAndDoesNotMeasureAgain() throws Exception {
    HistorySeries series =
        new HistorySeries(
            "lyon",
            T0 - 24 * 60 * MIN,
            T0,
            HistoryReadStatus.Read,
            null,
            List.of(
                signal("kiln.fuel.rate", 11, 12),
                signal("kiln.clinker.rate", 100, 100),
                signal("clinker.free_lime.lab", 1.5, 2.5, 1.0, 3.0)));
    assertThat(post(series).statusCode()).isEqualTo(200);
    KpiReport before = offSpec(server.engine().status());
    assertThat(before.baseline()).isEqualTo(50.0);

    // what the operator renders from the SiteDeployment's status after the baseline was set
    KeptBaseline kept =
        new KeptBaseline(
            before.baseline(),
            before.baselineSource(),
            before.baselineFromMs(),
            before.baselineToMs(),
            before.baselineSamples(),
            before.baselineAtMs(),
            before.baselineExcluded());
    server.close();
    start(
        PlantConfigCodec.seal(withKept(Fixtures.lyon(Autonomy.Shadow), "off_spec_clinker", kept)));

    KpiReport after = offSpec(server.engine().status());
    assertThat(after).isEqualTo(before);
    // a later history does not replace it: the restart did not make it unknown again
    HttpResponse<String> again =
        post(
            new HistorySeries(
                "lyon",
                T0 - 24 * 60 * MIN,
                T0,
                HistoryReadStatus.Read,
                null,
                List.of(
                    signal("kiln.fuel.rate", 11, 12),
                    signal("kiln.clinker.rate", 100, 100),
                    signal("clinker.free_lime.lab", 1.0, 1.0))));
    assertThat(again.body()).contains("not applied: the baseline is already set (History)");
    assertThat(offSpec(server.engine().status()).baseline()).isEqualTo(50.0);
  }

  @Test
  void aHistoryTheServerDoesNotKeepLeavesTheKpiMeasuredLiveWithTheReason() throws Exception {
    SignalHistory none =
        new SignalHistory(
            "clinker.free_lime.lab",
            null,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            HistoryReadStatus.NoHistory,
            "Bad_HistoryOperationUnsupported");
    HttpResponse<String> answer =
        post(
            new HistorySeries(
                "lyon",
                T0 - 24 * 60 * MIN,
                T0,
                HistoryReadStatus.NoHistory,
                "the server keeps no history of clinker.free_lime.lab",
                List.of(none)));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    KpiReport report = offSpec(server.engine().status());
    assertThat(report.baseline()).isNull();
    assertThat(report.baselineSource()).isEqualTo(BaselineSource.Measured);
    assertThat(report.baselineNote())
        .isEqualTo("history not read: the server keeps no history of clinker.free_lime.lab");
  }

  private static KpiReport offSpec(InferenceStatus status) {
    return status.useCases().stream()
        .flatMap(u -> u.kpis().stream())
        .filter(k -> k.name().equals("off_spec_clinker"))
        .findFirst()
        .orElseThrow();
  }

  private static ResolvedPlantConfig withKept(
      ResolvedPlantConfig config, String kpi, KeptBaseline kept) {
    List<UseCaseConfig> useCases =
        config.useCases().stream()
            .map(
                u ->
                    new UseCaseConfig(
                        u.name(),
                        u.template(),
                        u.phase(),
                        u.cadenceSeconds(),
                        u.inputs(),
                        u.observed(),
                        u.outputs(),
                        u.activeModel(),
                        u.candidateModel(),
                        u.kpis().stream()
                            .map(k -> k.name().equals(kpi) ? k.withKept(kept) : k)
                            .toList(),
                        u.drift()))
            .toList();
    return new ResolvedPlantConfig(
        config.schemaVersion(),
        config.configVersion(),
        config.plant(),
        config.opcua(),
        config.connector(),
        config.signals(),
        useCases,
        config.substitutes());
  }

  @Test
  void refusesTheHistoryOfAnotherPlant() throws Exception {
    HistoryReadStatus read = HistoryReadStatus.Read;
    HttpResponse<String> answer = post(new HistorySeries("joliet", 0, 1, read, null, List.of()));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("WrongPlant");
  }
}
