package io.plantops.connector.browse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a UseCaseTemplate that browse-and-suggest needs, read from its YAML with Jackson (the
 * connector does not depend on the Kubernetes API model).
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
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Signal(
      String signal,
      String description,
      String unit,
      RangeSpec validRange,
      Integer maxSamplingIntervalMs) {}

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
