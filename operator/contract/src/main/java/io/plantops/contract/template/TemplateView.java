package io.plantops.contract.template;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plantops.contract.Aggregation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A UseCaseTemplate read from its YAML outside the operator: the one way the connector's
 * browse-and-suggest and the model tools read a template. The operator reads templates through the
 * API model ({@code operator/api}); the workloads and tools do not depend on Kubernetes types, so
 * this view reads the same document with Jackson, keeping only what they need and ignoring the
 * rest.
 *
 * @param metadata template metadata
 * @param spec template spec
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TemplateView(Metadata metadata, Spec spec) {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Metadata.
   *
   * @param name template name
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Metadata(String name) {}

  /**
   * Spec.
   *
   * @param inputs model inputs
   * @param observedSignals signals read for KPIs
   * @param outputs model outputs
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(List<Signal> inputs, List<Signal> observedSignals, List<OutputSpec> outputs) {}

  /**
   * An input or observed signal.
   *
   * @param signal canonical name
   * @param description what it is
   * @param unit canonical unit
   * @param validRange plausible range
   * @param maxSamplingIntervalMs slowest acceptable sampling
   * @param aggregation how a window becomes one model feature (inputs)
   * @param windowSeconds window length (inputs)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Signal(
      String signal,
      String description,
      String unit,
      RangeSpec validRange,
      Integer maxSamplingIntervalMs,
      Aggregation aggregation,
      Integer windowSeconds) {}

  /**
   * An output.
   *
   * @param name output name
   * @param signal canonical target signal
   * @param description what it is
   * @param kind Setpoint or Prediction
   * @param unit unit
   * @param limits hard limits
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OutputSpec(
      String name, String signal, String description, String kind, String unit, RangeSpec limits) {}

  /**
   * A range.
   *
   * @param min lower end, or null
   * @param max upper end, or null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RangeSpec(Double min, Double max) {}

  /** What a TagMapping must provide for the template. */
  public enum Role {
    /** A model input. */
    Input,
    /** A signal read for KPIs or targets. */
    Observed,
    /** A setpoint the use case writes (mapped ReadWrite). */
    Setpoint
  }

  /**
   * One signal the plant must map.
   *
   * @param signal canonical name
   * @param description the template's description
   * @param unit canonical unit
   * @param min plausible (or limit) low, or null
   * @param max plausible (or limit) high, or null
   * @param maxSamplingIntervalMs slowest acceptable sampling, or null
   * @param role why it is needed
   */
  public record Wanted(
      String signal,
      String description,
      String unit,
      Double min,
      Double max,
      Integer maxSamplingIntervalMs,
      Role role) {}

  /** Parses a UseCaseTemplate YAML document. */
  public static TemplateView parse(String yaml) throws IOException {
    TemplateView view = YAML.readValue(yaml, TemplateView.class);
    if (view == null || view.spec() == null) {
      throw new IOException("not a UseCaseTemplate: no spec");
    }
    return view;
  }

  /** Reads a UseCaseTemplate YAML file. */
  public static TemplateView read(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Model inputs in input-tensor column order. */
  public List<Signal> inputs() {
    return list(spec.inputs());
  }

  /** Model outputs in output-tensor column order. */
  public List<OutputSpec> outputs() {
    return list(spec.outputs());
  }

  /** The template's name. */
  public String name() {
    return metadata == null ? "template" : metadata.name();
  }

  /** Every signal to map: inputs, observed signals, and setpoint outputs. */
  public List<Wanted> wanted() {
    List<Wanted> result = new ArrayList<>();
    for (Signal s : list(spec.inputs())) {
      result.add(wanted(s, Role.Input));
    }
    for (Signal s : list(spec.observedSignals())) {
      if (result.stream().noneMatch(w -> w.signal().equals(s.signal()))) {
        result.add(wanted(s, Role.Observed));
      }
    }
    for (OutputSpec o : list(spec.outputs())) {
      if ("Setpoint".equals(o.kind())) {
        result.add(
            new Wanted(
                o.signal(),
                o.description(),
                o.unit(),
                o.limits() == null ? null : o.limits().min(),
                o.limits() == null ? null : o.limits().max(),
                null,
                Role.Setpoint));
      }
    }
    return result;
  }

  private static Wanted wanted(Signal s, Role role) {
    return new Wanted(
        s.signal(),
        s.description(),
        s.unit(),
        s.validRange() == null ? null : s.validRange().min(),
        s.validRange() == null ? null : s.validRange().max(),
        s.maxSamplingIntervalMs(),
        role);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
