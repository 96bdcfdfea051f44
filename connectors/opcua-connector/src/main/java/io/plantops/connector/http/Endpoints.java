package io.plantops.connector.http;

import io.plantops.connector.browse.AddressSpaceBrowser;
import io.plantops.connector.browse.BrowsedVariable;
import io.plantops.connector.browse.Suggester;
import io.plantops.connector.browse.Suggestion;
import io.plantops.connector.browse.TagMappingDraft;
import io.plantops.connector.http.Refusal.Reason;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.template.TemplateView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/** The work of each route, reading the connector through its {@link ConnectorView}. */
final class Endpoints {

  /** The most variables {@code /v1/browse} lists when {@code max} is not given. */
  static final int DEFAULT_BROWSE_MAX = 5_000;

  /** The variables {@code /v1/suggest} browses to match a template's signals. */
  static final int SUGGEST_BROWSE_MAX = 10_000;

  private final ConnectorView connector;
  private final ConnectorMetrics metrics;

  private final Clock clock;

  Endpoints(ConnectorView connector, ConnectorMetrics metrics, Clock clock) {
    this.connector = connector;
    this.metrics = metrics;
    this.clock = clock;
  }

  void live(Call call) throws IOException {
    call.json(200, Map.of("live", true));
  }

  void ready(Call call) throws IOException, Refusal {
    if (!connector.ready()) {
      String error = connector.status().configError();
      throw new Refusal(
          Reason.NoConfig,
          "no resolved plant config in force yet"
              + (error == null ? "" : ": " + error)
              + "; check the plant's ConfigMap");
    }
    call.json(200, Map.of("ready", true));
  }

  void metrics(Call call) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrape(out);
    call.send(200, out.toByteArray(), ConnectorMetrics.contentType());
  }

  void status(Call call) throws IOException {
    call.json(200, connector.status());
  }

  void gaps(Call call) throws IOException {
    call.json(
        200,
        connector.gaps().stream()
            .map(
                g ->
                    Map.of(
                        "start", g.start().toString(),
                        "end", g.end().toString(),
                        "seconds", g.seconds(),
                        "cause", g.cause().name(),
                        "recovered", g.recovered(),
                        "detail", g.detail()))
            .toList());
  }

  void advice(Call call) throws IOException {
    call.json(200, connector.advice());
  }

  void console(Call call) {
    String html = Console.html(Console.model(connector, clock.instant()));
    call.send(200, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
  }

  void consoleData(Call call) throws IOException {
    call.json(200, Console.model(connector, clock.instant()));
  }

  void browse(Call call) throws IOException, Refusal {
    NodeId root = NodeIds.ObjectsFolder;
    Optional<String> rootParam = call.query("root");
    if (rootParam.isPresent()) {
      try {
        root = NodeId.parse(rootParam.get());
      } catch (RuntimeException e) {
        throw new Refusal(
            Reason.InvalidParameter,
            "root='" + abbreviate(rootParam.get()) + "' is not a NodeId (e.g. ns=2;s=Kiln1)");
      }
    }
    int max = intParam(call, "max", DEFAULT_BROWSE_MAX, 1, 100_000);
    call.json(200, browse(client(), root, max));
  }

  void suggest(Call call) throws IOException, Refusal {
    TemplateView template;
    try {
      template = TemplateView.parse(call.bodyText());
    } catch (IOException | RuntimeException e) {
      throw new Refusal(
          Reason.MalformedTemplate,
          "the body is not a UseCaseTemplate YAML: " + abbreviate(String.valueOf(e.getMessage())));
    }
    List<BrowsedVariable> variables = browse(client(), NodeIds.ObjectsFolder, SUGGEST_BROWSE_MAX);
    Suggestion suggestion = Suggester.suggest(template, variables);
    if (call.query("format").filter("json"::equals).isPresent()) {
      call.json(200, suggestion);
      return;
    }
    Optional<ResolvedPlantConfig> config = connector.config();
    String plant = config.map(c -> c.plant().name()).orElse("plant");
    String name = call.query("name").orElse(plant + "-" + template.name());
    String namespace =
        call.query("namespace").orElse(config.map(c -> c.plant().namespace()).orElse(null));
    // setpoints are mapped ReadWrite only when this plant's session may write
    String yaml =
        config.isPresent()
            ? TagMappingDraft.render(
                suggestion,
                name,
                namespace,
                plant,
                config.get().opcua().endpointUrl(),
                config.get().opcua())
            : TagMappingDraft.render(suggestion, name, namespace, plant, "the plant");
    call.send(200, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
  }

  private OpcUaClient client() throws Refusal {
    Optional<OpcUaClient> client = connector.client();
    if (client.isEmpty()) {
      ConnectorStatus status = connector.status();
      throw new Refusal(
          Reason.NotConnected,
          "not connected to the plant: "
              + status.session()
              + (status.sessionMessage() == null ? "" : " (" + status.sessionMessage() + ")"));
    }
    return client.get();
  }

  private static List<BrowsedVariable> browse(OpcUaClient client, NodeId root, int max)
      throws Refusal {
    try {
      return new AddressSpaceBrowser(client, max).browse(root);
    } catch (UaException e) {
      throw new Refusal(Reason.BrowseFailed, "browsing the plant failed: " + e.getMessage());
    }
  }

  private static int intParam(Call call, String name, int fallback, int min, int max)
      throws Refusal {
    Optional<String> v = call.query(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below, with the range
    }
    throw new Refusal(
        Reason.InvalidParameter,
        name + "='" + abbreviate(v.get()) + "' must be an integer in [" + min + ", " + max + "]");
  }

  /** Echoed input, capped so an answer never grows with what a client sends. */
  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
