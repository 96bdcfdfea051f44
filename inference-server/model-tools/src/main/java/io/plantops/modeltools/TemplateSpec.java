package io.plantops.modeltools;

import io.plantops.contract.template.TemplateView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The parts of a UseCaseTemplate YAML a model must agree with: input signals in column order with
 * their aggregation and window, and output names in column order. Read from the template itself so
 * that a model and its template cannot disagree.
 *
 * @param name template name
 * @param inputs model inputs, in input-tensor column order
 * @param outputs output names, in output-tensor column order
 */
public record TemplateSpec(String name, List<Input> inputs, List<String> outputs) {

  /**
   * One input feature.
   *
   * @param signal canonical signal
   * @param aggregation Last, Mean, Min or Max
   * @param windowSeconds window length
   */
  public record Input(String signal, String aggregation, int windowSeconds) {}

  /** Reads {@code metadata.name}, {@code spec.inputs} and {@code spec.outputs} of a template. */
  public static TemplateSpec read(Path templateYaml) throws IOException {
    TemplateView view = TemplateView.read(templateYaml);
    String name = view.metadata() == null ? null : view.metadata().name();
    List<Input> inputs =
        view.inputs().stream()
            .map(
                in ->
                    new Input(
                        in.signal(),
                        in.aggregation() == null ? "" : in.aggregation().name(),
                        in.windowSeconds() == null ? 0 : in.windowSeconds()))
            .toList();
    List<String> outputs = view.outputs().stream().map(TemplateView.OutputSpec::name).toList();
    if (name == null || name.isEmpty() || inputs.isEmpty() || outputs.isEmpty()) {
      throw new IOException(
          templateYaml + ": needs metadata.name, spec.inputs and spec.outputs to generate a model");
    }
    return new TemplateSpec(name, List.copyOf(inputs), List.copyOf(outputs));
  }

  /** Input signal names in column order. */
  public List<String> inputSignals() {
    return inputs.stream().map(Input::signal).toList();
  }
}
