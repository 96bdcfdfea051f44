package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.connector.browse.AddressSpaceBrowser;
import io.plantops.connector.browse.BrowsedVariable;
import io.plantops.connector.browse.Suggester;
import io.plantops.connector.browse.Suggestion;
import io.plantops.contract.template.TemplateView;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.junit.jupiter.api.Test;

/**
 * Suggestion accuracy per dialect and template (issue 14 item 9): browse each simulated plant's
 * address space, run {@link Suggester#suggest}, and count, out of the template's signals, the ones
 * whose proposed node is the plant's own (examples/plants/&lt;plant&gt;/tagmapping.yaml, written by
 * the plant's engineers) and whose proposed unit converts raw values exactly as the plant's own
 * unit and scale do. Writes the table to {@code target/suggestion-accuracy.md}; docs/benchmarks.md
 * quotes it.
 */
class SuggestionAccuracyIT {

  private static final List<String> TEMPLATES =
      List.of("kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml");

  record Score(
      String dialect,
      String template,
      int signals,
      int rightNode,
      int rightUnit,
      double minConfidence) {}

  @Test
  void measuresRightNodeAndRightUnitPerDialectAndTemplate() throws Exception {
    List<Score> scores = new ArrayList<>();
    StringBuilder misses = new StringBuilder();
    for (String plant : Dialect.NAMES) {
      Dialect dialect = Dialect.named(plant);
      Map<String, ExampleMappings.Entry> truth = new HashMap<>();
      ExampleMappings.of(plant).forEach(e -> truth.put(e.signal(), e));
      try (PlantSimulator sim =
          PlantSimulator.builder(dialect)
              .security(new SecurityOptions(true, true, false, Map.of(), false))
              .start()) {
        OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
        List<BrowsedVariable> vars;
        try {
          vars = new AddressSpaceBrowser(client, 10_000).browse(NodeIds.ObjectsFolder);
        } finally {
          client.disconnect();
        }
        for (String file : TEMPLATES) {
          TemplateView template =
              TemplateView.parse(
                  Files.readString(ExampleMappings.examplesDir().resolve("templates/" + file)));
          Suggestion suggestion = Suggester.suggest(template, vars);
          int signals = 0;
          int rightNode = 0;
          int rightUnit = 0;
          for (TemplateView.Wanted w : template.wanted()) {
            signals++;
            ExampleMappings.Entry own = truth.get(w.signal());
            assertThat(own).as(plant + " maps " + w.signal()).isNotNull();
            Optional<Suggestion.Mapping> m =
                suggestion.mappings().stream().filter(x -> x.signal().equals(w.signal())).findAny();
            boolean node =
                m.isPresent()
                    && sameNode(m.get().nodeId(), BrowseSuggestIT.byUri(dialect, own.nodeId()));
            boolean unit = node && sameConversion(m.get().unit(), own, w.unit());
            rightNode += node ? 1 : 0;
            rightUnit += unit ? 1 : 0;
            if (!node || !unit) {
              misses
                  .append(plant)
                  .append(' ')
                  .append(template.name())
                  .append(' ')
                  .append(w.signal())
                  .append(": ")
                  .append(m.map(Object::toString).orElse("unmatched"))
                  .append('\n');
            }
          }
          double minConfidence =
              suggestion.mappings().stream()
                  .mapToDouble(Suggestion.Mapping::confidence)
                  .min()
                  .orElse(0);
          scores.add(
              new Score(plant, template.name(), signals, rightNode, rightUnit, minConfidence));
        }
      }
    }
    StringBuilder table =
        new StringBuilder(
            "| dialect | template | signals | right node | right unit | lowest confidence |\n"
                + "|---|---|---|---|---|---|\n");
    for (Score s : scores) {
      table.append(
          String.format(
              java.util.Locale.ROOT,
              "| %s | %s | %d | %d/%d | %d/%d | %.2f |%n",
              s.dialect(),
              s.template(),
              s.signals(),
              s.rightNode(),
              s.signals(),
              s.rightUnit(),
              s.signals(),
              s.minConfidence()));
    }
    Path out = Path.of("target/suggestion-accuracy.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table + "\nMisses:\n" + misses);
    System.out.println("suggestion accuracy\n" + table + "misses:\n" + misses);

    assertThat(scores).hasSize(Dialect.NAMES.size() * TEMPLATES.size());
    // measured 2026-12-03: every dialect fully right (docs/benchmarks.md); a heuristic change that
    // loses a signal shows here with the miss printed above
    assertThat(scores)
        .allSatisfy(
            s -> {
              assertThat(s.rightNode()).as(s.toString()).isEqualTo(s.signals());
              assertThat(s.rightUnit()).as(s.toString()).isEqualTo(s.signals());
            });
  }

  /** Same NodeId text; GUIDs compare without case (Milo prints them in upper case). */
  private static boolean sameNode(String suggested, String own) {
    return suggested.contains(";g=") ? suggested.equalsIgnoreCase(own) : suggested.equals(own);
  }

  /** The suggested unit converts raw values as the plant's own unit and scale do. */
  private static boolean sameConversion(
      String suggested, ExampleMappings.Entry own, String canonical) {
    if (suggested == null || suggested.isEmpty()) {
      return false;
    }
    try {
      LinearConversion s = UnitCatalog.conversion(suggested, canonical);
      LinearConversion o =
          UnitCatalog.conversion(own.unit(), canonical).afterScaling(own.scale(), own.offset());
      return Math.abs(s.factor() - o.factor()) <= 1e-12 * Math.abs(o.factor())
          && Math.abs(s.offset() - o.offset()) <= 1e-9;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
