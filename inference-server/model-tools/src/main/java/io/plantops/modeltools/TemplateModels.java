package io.plantops.modeltools;

import java.util.List;

/**
 * Writes the {@code models:} section of a UseCaseTemplate YAML as text, so the rest of the file
 * (comments, flow style) stays as its authors wrote it.
 */
final class TemplateModels {

  private TemplateModels() {}

  /** {@code yaml} with its spec.models block replaced by the generated versions. */
  static String replace(
      String yaml, List<GenerateExampleModels.ModelCard> cards, List<ExampleModels.Spec> specs) {
    int start = yaml.indexOf("\n  models:\n");
    if (start < 0) {
      throw new IllegalArgumentException(
          "template " + cards.get(0).template() + " has no '  models:' block to replace");
    }
    start += 1;
    // the block ends at the next key of spec (two-space indent, not a list item)
    int end = start + "  models:\n".length();
    while (end < yaml.length()) {
      int lineEnd = yaml.indexOf('\n', end);
      String line = yaml.substring(end, lineEnd < 0 ? yaml.length() : lineEnd);
      if (line.startsWith("  ") && !line.startsWith("   ") && !line.startsWith("  -")) {
        break;
      }
      end = lineEnd < 0 ? yaml.length() : lineEnd + 1;
    }
    StringBuilder b = new StringBuilder("  models:\n");
    for (GenerateExampleModels.ModelCard c : cards) {
      ExampleModels.Spec spec =
          specs.stream()
              .filter(s -> s.template().equals(c.template()) && s.version().equals(c.version()))
              .findFirst()
              .orElseThrow();
      b.append("  - version: ").append(c.version()).append('\n');
      b.append("    uri: ").append(c.uri()).append('\n');
      // quoted: an all-digit digest (or digits with one e) would be read as a YAML number
      b.append("    sha256: \"").append(c.sha256()).append("\"\n");
      b.append("    inputTensor: ").append(c.inputTensor()).append('\n');
      b.append("    outputTensor: ").append(c.outputTensor()).append('\n');
      b.append("    releasedAt: \"").append(spec.releasedAt()).append("\"\n");
      b.append("    notes: ").append(spec.notes()).append('\n');
      b.append("    reference:\n");
      b.append("      sampleCount: ").append(c.reference().sampleCount()).append('\n');
      b.append("      source: ").append(c.reference().source()).append('\n');
      b.append("      signals:\n");
      for (ReferenceStatistics r : c.reference().signals()) {
        b.append("      - ").append(r.toYamlFlow()).append('\n');
      }
    }
    return yaml.substring(0, start) + b + yaml.substring(end);
  }
}
