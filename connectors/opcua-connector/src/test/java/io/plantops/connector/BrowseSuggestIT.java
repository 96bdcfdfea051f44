package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.SessionState;
import io.plantops.contract.opcua.NodeIdSyntax;
import io.plantops.contract.template.TemplateView;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.TagSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Browse and suggest on both dialects: the draft must be the plant's own TagMapping (the examples
 * were written by the plants' engineers, so they are the truth to match).
 */
class BrowseSuggestIT {

  @TempDir Path root;

  private static final List<String> TEMPLATES =
      List.of("kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml");

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet"})
  void suggestsThePlantsOwnTagMappingFromItsAddressSpace(String plant) throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.named(plant))
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start();
    try (Harness h = new Harness(root, sim)) {
      var config =
          plant.equals("lyon")
              ? Harness.lyon(
                  Autonomy.Advisory,
                  Harness.insecure(Harness.lyonEndpoint(), true),
                  Harness.connectorSettings(1L << 20))
              : Harness.joliet(
                  Autonomy.Advisory,
                  Harness.insecure(Harness.jolietEndpoint(), true),
                  Harness.connectorSettings(1L << 20));
      Connector c = h.start(config);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().session()).isEqualTo(SessionState.Connected));

      JsonNode browsed = PlantConfigCodec.mapper().readTree(h.get("/v1/browse"));
      Dialect dialect = Dialect.named(plant);
      assertThat(browsed.findValuesAsText("nodeId"))
          .containsAll(dialect.tags().stream().map(t -> byUri(dialect, t.nodeId())).toList());
      String tagUri = dialect.namespaceUris().get(dialect.namespaceUris().size() - 1);
      // display tags (guidance text and heartbeat) are plain variables, no analog items
      List<String> displays =
          dialect.displays().stream().map(d -> byUri(dialect, d.nodeId())).toList();
      assertThat(browsed.findValuesAsText("nodeId")).containsAll(displays);
      for (JsonNode v : browsed) {
        if (v.path("nodeId").asText().startsWith("nsu=" + tagUri + ";")
            && !displays.contains(v.path("nodeId").asText())) {
          assertThat(v.has("engineeringUnits")).as(v.toString()).isTrue();
          assertThat(v.has("euLow") && v.has("euHigh")).as(v.toString()).isTrue();
          assertThat(v.path("dataType").asText()).isIn("Double", "Float", "Int32");
          assertThat(v.has("description")).isTrue();
        }
      }

      Map<String, ExampleMappings.Entry> truth = new HashMap<>();
      ExampleMappings.of(plant).forEach(e -> truth.put(e.signal(), e));
      Path templates = ExampleMappings.examplesDir().resolve("templates");
      for (String template : TEMPLATES) {
        String yaml = Files.readString(templates.resolve(template));
        Map<String, String> canonicalUnits = new HashMap<>();
        TemplateView.parse(yaml).wanted().forEach(w -> canonicalUnits.put(w.signal(), w.unit()));
        JsonNode suggestion =
            PlantConfigCodec.mapper().readTree(post(h, "/v1/suggest?format=json", yaml));
        assertThat(suggestion.path("unmatched")).as(template).isEmpty();
        for (JsonNode m : suggestion.path("mappings")) {
          ExampleMappings.Entry expected = truth.get(m.path("signal").asText());
          assertThat(expected).as("template signal " + m.path("signal").asText()).isNotNull();
          String why = m.toString();
          // named by namespace URI, which survives a restart of the server
          assertThat(m.path("nodeId").asText())
              .as(why)
              .isEqualTo(byUri(dialect, expected.nodeId()));
          // the suggested unit converts raw values as the plant's own mapping does (Joliet maps
          // its O2 register as % with scale 0.1; the server says per mille, which is the same)
          String canonical = canonicalUnits.get(m.path("signal").asText());
          LinearConversion suggested = UnitCatalog.conversion(m.path("unit").asText(), canonical);
          LinearConversion own =
              UnitCatalog.conversion(expected.unit(), canonical)
                  .afterScaling(expected.scale(), expected.offset());
          assertThat(suggested.factor()).as(why).isCloseTo(own.factor(), within(1e-12));
          assertThat(suggested.offset()).as(why).isCloseTo(own.offset(), within(1e-9));
          assertThat(m.has("unitProblem")).as(why).isFalse();
          assertThat(m.has("scale")).as(why).isFalse();
          assertThat(m.path("samplingIntervalMs").asInt())
              .as(why)
              .isEqualTo(expected.samplingIntervalMs());
          assertThat(m.path("readWrite").asBoolean()).as(why).isEqualTo(expected.readWrite());
          assertThat(m.path("confidence").asDouble()).as(why).isBetween(0.4, 1.0);
          assertThat(m.path("reasons").toString())
              .contains("name:")
              .contains("unit:")
              .contains("range:");
        }
        // the YAML draft is a TagMapping with one entry per mapped signal
        String draft = post(h, "/v1/suggest?name=draft", yaml);
        JsonNode tagMapping = new ObjectMapper(new YAMLFactory()).readTree(draft);
        assertThat(tagMapping.path("kind").asText()).isEqualTo("TagMapping");
        assertThat(tagMapping.path("spec").path("mappings"))
            .hasSize(suggestion.path("mappings").size());
        assertThat(draft).contains("# kiln.").contains("confidence");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"joliet"})
  void theCommandLineSuggestsWithoutARunningConnector(String plant) throws Exception {
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.named(plant))
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start()) {
      Path template =
          ExampleMappings.examplesDir().resolve("templates/kiln-energy-optimization.yaml");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          ConnectorMain.suggest(
              ConnectorMain.options(
                  new String[] {
                    "--endpoint",
                    sim.endpointUrl(),
                    "--template",
                    template.toString(),
                    "--plant",
                    plant,
                    "--namespace",
                    "plant-" + plant
                  },
                  0),
              new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(code).isZero();
      JsonNode draft =
          new ObjectMapper(new YAMLFactory()).readTree(out.toString(StandardCharsets.UTF_8));
      assertThat(draft.path("metadata").path("namespace").asText()).isEqualTo("plant-joliet");
      assertThat(draft.path("spec").path("mappings").findValuesAsText("nodeId"))
          .contains(
              byUri(Dialect.joliet(), "ns=3;i=2003"),
              byUri(Dialect.joliet(), "ns=3;i=2004"),
              byUri(Dialect.joliet(), "ns=3;i=2006"));
    }
  }

  /**
   * A server that reports its feed in short tons per hour (EUInformation unitId 4W): the draft says
   * {@code st/h} and the catalogue converts, 1 st/h = 0.90718474 t/h; nothing is scaled by hand.
   */
  @org.junit.jupiter.api.Test
  void suggestsShortTonsPerHourAndTheCatalogueConvertsThem() throws Exception {
    Dialect joliet = Dialect.joliet();
    List<TagSpec> tags = new ArrayList<>(joliet.tags());
    tags.replaceAll(
        t ->
            t.point() == Point.FEED_RATE
                ? new TagSpec(
                    Point.FEED_RATE,
                    t.nodeId(),
                    "KILN_FEED_STPH",
                    "Kiln feed",
                    t.folder(),
                    "st/h",
                    1.0,
                    0.0,
                    "st/h",
                    t.type(),
                    t.samplingIntervalMs(),
                    false,
                    0,
                    440)
                : t);
    Dialect usTons =
        new Dialect(
            joliet.name(),
            joliet.productName(),
            joliet.namespaceUris(),
            joliet.endpointPath(),
            tags);
    try (PlantSimulator sim =
        PlantSimulator.builder(usTons)
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start()) {
      Path template =
          ExampleMappings.examplesDir().resolve("templates/kiln-energy-optimization.yaml");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          ConnectorMain.suggest(
              ConnectorMain.options(
                  new String[] {
                    "--endpoint", sim.endpointUrl(), "--template", template.toString(), "--json"
                  },
                  0),
              new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(code).isZero();
      JsonNode feed = null;
      for (JsonNode m :
          PlantConfigCodec.mapper()
              .readTree(out.toString(StandardCharsets.UTF_8))
              .path("mappings")) {
        if (m.path("signal").asText().equals("kiln.feed.rate")) {
          feed = m;
        }
      }
      assertThat(feed).as(out.toString(StandardCharsets.UTF_8)).isNotNull();
      assertThat(feed.path("nodeId").asText()).isEqualTo(byUri(joliet, "ns=3;i=2001"));
      assertThat(feed.path("unit").asText()).isEqualTo("st/h");
      assertThat(feed.has("scale")).isFalse();
      assertThat(feed.path("reasons").toString()).contains("unitId 13399 (UNECE 4W)");
      assertThat(UnitCatalog.conversion(feed.path("unit").asText(), "t/h").factor())
          .isCloseTo(0.90718474, within(1e-15));
    }
  }

  /** A dialect's {@code ns=N} NodeId named by the URI the simulator registers at N. */
  static String byUri(Dialect dialect, String nodeId) {
    int index = NodeIdSyntax.parse(nodeId).nodeId().orElseThrow().namespaceIndex().orElseThrow();
    return NodeIdSyntax.byNamespaceUri(nodeId, dialect.namespaceUris().get(index - 2))
        .orElseThrow();
  }

  static String post(Harness h, String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.connector.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
