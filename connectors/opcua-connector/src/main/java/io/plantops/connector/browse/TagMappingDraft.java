package io.plantops.connector.browse;

import java.util.Locale;

/**
 * Renders a {@link Suggestion} as a draft TagMapping YAML: valid against the TagMapping CRD, with
 * each entry's confidence and reasons, and the unmatched signals, as comments for the reviewer.
 */
public final class TagMappingDraft {

  private TagMappingDraft() {}

  /** The YAML text. */
  public static String render(
      Suggestion s, String name, String namespace, String plant, String source) {
    StringBuilder y = new StringBuilder();
    y.append("# Draft TagMapping proposed by the plantops connector (browse and suggest)\n");
    y.append("# for template ").append(s.template()).append(" from ").append(source).append(".\n");
    y.append("# Review every entry: confidence and reasons are above each one.\n");
    y.append("apiVersion: plantops.io/v1alpha1\n");
    y.append("kind: TagMapping\n");
    y.append("metadata:\n");
    y.append("  name: ").append(quote(name)).append('\n');
    if (namespace != null && !namespace.isBlank()) {
      y.append("  namespace: ").append(quote(namespace)).append('\n');
    }
    y.append("spec:\n");
    y.append("  plantRef: ").append(quote(plant)).append('\n');
    y.append("  description: ")
        .append(quote("Draft for " + s.template() + " (browse and suggest)"))
        .append('\n');
    y.append("  mappings:\n");
    for (Suggestion.Mapping m : s.mappings()) {
      y.append("  # ")
          .append(m.signal())
          .append(" (")
          .append(m.role().name().toLowerCase(Locale.ROOT))
          .append("): confidence ")
          .append(m.confidence())
          .append('\n');
      for (String r : m.reasons()) {
        y.append("  #   ").append(r.replace('\n', ' ')).append('\n');
      }
      if (m.alternative() != null) {
        y.append("  #   runner-up: ").append(m.alternative()).append('\n');
      }
      if (m.caution() != null) {
        y.append("  # CHECK: ").append(m.caution().replace('\n', ' ')).append('\n');
      }
      y.append("  - signal: ").append(quote(m.signal())).append('\n');
      y.append("    nodeId: ").append(quote(m.nodeId())).append('\n');
      if (m.unitProblem() != null) {
        y.append("    # TO COMPLETE: ")
            .append(m.unitProblem().replace('\n', ' '))
            .append("; write the site unit (docs/units.md)\n");
      }
      y.append("    unit: ").append(quote(m.unit())).append('\n');
      y.append("    samplingIntervalMs: ").append(m.samplingIntervalMs()).append('\n');
      if (m.readWrite()) {
        y.append("    access: ReadWrite\n");
      }
      y.append("    description: ")
          .append(
              quote(
                  m.description().length() > 256
                      ? m.description().substring(0, 256)
                      : m.description()))
          .append('\n');
    }
    if (s.mappings().isEmpty()) {
      y.append("  []\n");
    }
    if (!s.unmatched().isEmpty()) {
      y.append("# Unmatched: map these by hand before the use case can run here.\n");
      for (Suggestion.Unmatched u : s.unmatched()) {
        y.append("#   ")
            .append(u.signal())
            .append(" (")
            .append(u.role().name().toLowerCase(Locale.ROOT))
            .append("): ")
            .append(u.why().replace('\n', ' '))
            .append('\n');
      }
    }
    return y.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
