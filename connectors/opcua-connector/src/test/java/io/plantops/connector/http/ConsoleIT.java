package io.plantops.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Recommendation;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.Recommendation.OutputValue;
import io.plantops.contract.SampleConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator console on a real Undertow server, read with an HTML parser: the advice beside the
 * current setpoint with units, the reasons, stage, model and age in the plant's time zone, stale
 * advice marked, ClosedLoop writes and withheld writes with their reason, nothing loaded from
 * elsewhere, and everything it prints escaped.
 */
class ConsoleIT {

  /** 2026-12-03 13:00:00 UTC, 14:00 in Lyon (Europe/Paris, CET). */
  private static final Instant ADVISED = Instant.parse("2026-12-03T13:00:00Z");

  private final FakeView view = new FakeView();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ConnectorHttp http;

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
  }

  private Document page(Instant now) throws Exception {
    http =
        new ConnectorHttp(
            view,
            FakeView.metrics(),
            new HttpLimits(1 << 20, 1, 1),
            "127.0.0.1",
            0,
            Clock.fixed(now, ZoneOffset.UTC));
    HttpResponse<String> r = get("/console");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    return Jsoup.parse(r.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void advisoryLyon(String modelVersion) {
    view.config = Optional.of(SampleConfigs.lyon(Autonomy.Advisory));
    view.advice =
        Map.of(
            "kiln1-energy",
            new Recommendation(
                7,
                "kiln1-energy",
                modelVersion,
                Autonomy.Advisory,
                ADVISED.toEpochMilli(),
                "snap-7",
                List.of(
                    new OutputValue(
                        "fuel_setpoint", "kiln.fuel.setpoint", "t/h", 12.3456, 12.4, false)),
                List.of(
                    new Contribution("kiln.speed", 3.2, 0.05),
                    new Contribution("kiln.burning_zone.temperature", 1452.5, -0.61),
                    new Contribution("kiln.inlet.o2", 2.9, 0.3),
                    new Contribution("kiln.feed.rate", 210, 0.2))));
    view.values = Map.of("kiln.fuel.setpoint", 11.9);
  }

  @Test
  void showsTheAdviceBesideTheCurrentSetpointWithUnitsReasonsAndAgeInThePlantsTimeZone()
      throws Exception {
    advisoryLyon("1.2.0");
    Document page = page(ADVISED.plusSeconds(30));

    Element card = page.getElementById("use-case-kiln1-energy");
    assertThat(card).isNotNull();
    assertThat(card.hasClass("stale")).isFalse();
    assertThat(card.select(".badge").eachText()).contains("Advisory", "model 1.2.0");
    Element fuel = card.selectFirst("tr[data-output=fuel_setpoint]");
    assertThat(fuel.selectFirst(".advised").text()).isEqualTo("12.35 t/h");
    assertThat(fuel.selectFirst(".current").text()).isEqualTo("11.9 t/h");
    assertThat(fuel.selectFirst(".difference").text()).isEqualTo("+0.4456 t/h");
    // the three strongest reasons, strongest first, with the inputs' units
    assertThat(card.select(".reason").eachText())
        .containsExactly(
            "kiln.burning_zone.temperature at 1452.5 °C (-0.61)",
            "kiln.inlet.o2 at 2.9 % (+0.3)",
            "kiln.feed.rate at 210 t/h (+0.2)");
    assertThat(card.text()).contains("Advice of 2026-12-03 14:00:00 CET, 30 s ago");
    assertThat(page.text()).contains("Lyon cement works").contains("(Europe/Paris)");

    // the free-lime soft sensor has given no advice: said, not invented
    Element lime = page.getElementById("use-case-kiln1-free-lime");
    assertThat(lime).isNotNull();
    assertThat(lime.text()).contains("No advice yet.");
    // a soft sensor predicts: no setpoint to compare with
    assertThat(lime.selectFirst("tr[data-output]").child(0).text()).endsWith("(prediction)");
    assertThat(fuel.child(0).text()).isEqualTo("fuel_setpoint");

    // a plant network has no internet: the page loads nothing, not even from the connector
    assertThat(page.select("[src], link[href], script")).isEmpty();
  }

  @Test
  void drawsTheLastHoursOfAdviceBesideTheActualSetpoint() throws Exception {
    advisoryLyon("1.2.0");
    long t0 = ADVISED.minusSeconds(3 * 60).toEpochMilli();
    view.trends =
        Map.of(
            "kiln1-energy/fuel_setpoint",
            List.of(
                new Trends.Point(t0, null, 11.0),
                new Trends.Point(t0 + 60_000, 12.0, 11.5),
                new Trends.Point(t0 + 120_000, 12.5, null),
                new Trends.Point(t0 + 180_000, 13.0, 12.0)));
    Element trend =
        page(ADVISED.plusSeconds(1))
            .getElementById("use-case-kiln1-energy")
            .selectFirst("figure.trend[data-output=fuel_setpoint]");
    assertThat(trend).isNotNull();
    // the actual setpoint breaks where its reading was missing; the advice starts with the first
    assertThat(trend.selectFirst("path.actual").attr("d"))
        .isEqualTo("M0.0 120.0 L200.0 90.0 M600.0 60.0");
    assertThat(trend.selectFirst("path.advised").attr("d"))
        .isEqualTo("M200.0 60.0 L400.0 30.0 L600.0 0.0");
    assertThat(trend.selectFirst("figcaption").text())
        .isEqualTo("fuel_setpoint 13:57–14:00: actual setpoint, advised (11 to 13 t/h)");
  }

  @Test
  void marksAdviceOlderThanThreeCyclesStale() throws Exception {
    advisoryLyon("1.2.0");
    // kiln1-energy runs every 60 s: 3 cycles are 180 s
    Element card = page(ADVISED.plusSeconds(181)).getElementById("use-case-kiln1-energy");
    assertThat(card.hasClass("stale")).isTrue();
    assertThat(card.select("[data-stale=true]").text()).isEqualTo("STALE");
    assertThat(card.text()).contains("3 min ago");
  }

  @Test
  void inClosedLoopListsWhatWasWrittenAndWhatWasWithheldAndWhy() throws Exception {
    view.config = Optional.of(SampleConfigs.lyon(Autonomy.ClosedLoop));
    view.writes =
        List.of(
            write("2026-12-03T13:00:00Z", "Withheld", 12.3, "StaleInputs kiln.feed.rate"),
            write("2026-12-03T12:58:00Z", "Written", 12.1, ""));
    Document page = page(ADVISED.plusSeconds(5));

    List<Element> rows = page.select("table.writes tr:gt(0)");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).text())
        .contains("2026-12-03 14:00:00 CET")
        .contains("Withheld")
        .contains("12.3 t/h")
        .contains("StaleInputs");
    assertThat(rows.get(1).text()).contains("13:58:00").contains("Written").contains("12.1 t/h");
  }

  @Test
  void escapesWhatItPrints() throws Exception {
    advisoryLyon("<script>alert(1)</script>");
    Document page = page(ADVISED.plusSeconds(1));
    assertThat(page.select("script")).isEmpty();
    assertThat(page.getElementById("use-case-kiln1-energy").text())
        .contains("model <script>alert(1)</script>");
  }

  @Test
  void withoutAConfigSaysSoAndTheDataIsTheSameAsJson() throws Exception {
    Document page = page(ADVISED);
    assertThat(page.getElementById("no-config")).isNotNull();

    advisoryLyon("1.2.0");
    HttpResponse<String> data = get("/v1/console");
    assertThat(data.statusCode()).isEqualTo(200);
    JsonNode json = PlantConfigCodec.mapper().readTree(data.body());
    assertThat(json.path("plant").asText()).isEqualTo("lyon");
    assertThat(json.path("timezone").asText()).isEqualTo("Europe/Paris");
    JsonNode kiln = json.path("useCases").get(0);
    assertThat(kiln.path("name").asText()).isEqualTo("kiln1-energy");
    assertThat(kiln.path("outputs").get(0).path("difference").asText()).isEqualTo("+0.4456");
  }

  private static RecentWrite write(String time, String action, double value, String reason) {
    return new RecentWrite(
        Instant.parse(time), "kiln1-energy", "fuel_setpoint", action, value, "t/h", reason);
  }
}
