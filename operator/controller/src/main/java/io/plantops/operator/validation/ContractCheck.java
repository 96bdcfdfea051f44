package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.OutputKind;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.SubstitutedInput;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.opcua.NodeIdSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contract check between a template and a plant's TagMapping: does the mapping cover every
 * signal the use case reads (inputs and observed signals), in a unit of the same dimension, sampled
 * no slower than the template allows, and are the setpoints it will write mapped ReadWrite? An
 * input the template marks substitutable may instead be a declared substitute ({@link
 * SubstituteRules}), whose expression may read only signals the template declares and the
 * TagMapping maps from plant tags. Pure: the same inputs always give the same report, so the
 * SiteDeployment status and the rendered config agree.
 */
public final class ContractCheck {

  private ContractCheck() {}

  /** Why one signal is not covered. */
  public enum GapKind {
    TAG_MAPPING_NOT_FOUND,
    WRONG_PLANT,
    NOT_MAPPED,
    UNIT_INVALID,
    UNIT_INCOMPATIBLE,
    SAMPLING_TOO_SLOW,
    NODE_ID_INVALID,
    NOT_WRITABLE,
    SUBSTITUTE_NOT_ALLOWED,
    SUBSTITUTE_INVALID
  }

  /**
   * One uncovered signal.
   *
   * @param signal canonical signal
   * @param kind why
   * @param message what is wrong and the fix, naming the TagMapping field
   */
  public record Gap(String signal, GapKind kind, String message) {}

  /**
   * The result.
   *
   * @param required signals the use case needs, in template order (inputs, observed, setpoints
   *     written)
   * @param gaps the uncovered ones
   * @param mapping the TagMapping entry of each covered signal read from a plant tag
   * @param substitutes the TagMapping entry of each covered signal given by a substitute, in
   *     template order
   * @param read how many signals the use case reads (inputs and observed signals)
   */
  public record Report(
      List<String> required,
      List<Gap> gaps,
      Map<String, TagMappingEntry> mapping,
      Map<String, TagMappingEntry> substitutes,
      int read) {
    public Report {
      required = List.copyOf(required);
      gaps = List.copyOf(gaps);
      mapping = Map.copyOf(mapping);
      substitutes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(substitutes));
    }

    /** A report without substitutes. */
    public Report(List<String> required, List<Gap> gaps, Map<String, TagMappingEntry> mapping) {
      this(required, gaps, mapping, Map.of(), required.size());
    }

    /** True when every required signal is covered. */
    public boolean covered() {
      return gaps.isEmpty();
    }

    /** The substituted inputs, as status lists them, in template order. */
    public List<SubstitutedInput> substitutedInputs() {
      return substitutes.values().stream()
          .map(
              e ->
                  new SubstitutedInput(
                      e.signal(), e.substitute().constant(), e.substitute().expression(), e.unit()))
          .toList();
    }

    /** {@code x (constant 42 kW), y (expression a * 2.0 (kW))}, in template order. */
    public String describeSubstitutes() {
      return substitutes.values().stream()
          .map(e -> e.signal() + " (" + e.substitute().describe(e.unit()) + ")")
          .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The uncovered signals, once each, in template order. */
    public List<String> missingSignals() {
      return gaps.stream().map(Gap::signal).distinct().toList();
    }
  }

  /**
   * Checks {@code tagMapping} against what {@code template} needs for the SiteDeployment {@code
   * spec}.
   */
  public static Report check(
      SiteDeploymentSpec spec, UseCaseTemplateSpec template, Optional<TagMapping> tagMapping) {
    List<String> required = new ArrayList<>();
    List<InputSignal> read = new ArrayList<>(template.inputs());
    read.addAll(template.observedSignals());
    read.forEach(s -> required.add(s.signal()));
    boolean writes =
        spec.stage() == Stage.ClosedLoop && template.promotion().maxAutonomy() == Stage.ClosedLoop;
    List<OutputSignal> written =
        writes
            ? template.outputs().stream().filter(o -> o.kind() == OutputKind.Setpoint).toList()
            : List.of();
    written.forEach(o -> required.add(o.signal()));

    List<Gap> gaps = new ArrayList<>();
    Map<String, TagMappingEntry> mapping = new LinkedHashMap<>();
    if (tagMapping.isEmpty()) {
      for (String s : required) {
        gaps.add(
            new Gap(
                s,
                GapKind.TAG_MAPPING_NOT_FOUND,
                "TagMapping " + spec.tagMappingRef() + " (spec.tagMappingRef) does not exist"));
      }
      return new Report(required, gaps, mapping, Map.of(), read.size());
    }
    TagMapping tm = tagMapping.get();
    String tmName = tm.getMetadata().getName();
    if (tm.getSpec() == null || !spec.plantRef().equals(tm.getSpec().plantRef())) {
      String owner = tm.getSpec() == null ? "no plant" : "plant " + tm.getSpec().plantRef();
      for (String s : required) {
        gaps.add(
            new Gap(
                s,
                GapKind.WRONG_PLANT,
                "TagMapping "
                    + tmName
                    + " maps the tags of "
                    + owner
                    + ", not of plant "
                    + spec.plantRef()
                    + ": reference a TagMapping of this plant in spec.tagMappingRef"));
      }
      return new Report(required, gaps, mapping, Map.of(), read.size());
    }
    Map<String, TagMappingEntry> substitutes = new LinkedHashMap<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<TagMappingEntry> entries = tm.getSpec().mappings();
    for (int i = 0; i < entries.size(); i++) {
      index.putIfAbsent(entries.get(i).signal(), i);
    }
    for (InputSignal s : read) {
      Integer i = index.get(s.signal());
      if (i == null) {
        gaps.add(notMapped(s.signal(), s.unit(), tmName));
        continue;
      }
      TagMappingEntry e = entries.get(i);
      String at = "TagMapping " + tmName + " spec.mappings[" + i + "]";
      int before = gaps.size();
      if (e.derived()) {
        checkSubstitute(gaps, at, e, s, template, entries);
        if (gaps.size() == before) {
          substitutes.put(s.signal(), e);
        }
        continue;
      }
      checkEntry(gaps, at, e, s.unit());
      if (e.samplingIntervalMs() > s.maxSamplingIntervalMs()) {
        gaps.add(
            new Gap(
                s.signal(),
                GapKind.SAMPLING_TOO_SLOW,
                at
                    + ".samplingIntervalMs "
                    + e.samplingIntervalMs()
                    + " is slower than the "
                    + s.maxSamplingIntervalMs()
                    + " ms the template allows for "
                    + s.signal()
                    + ": sample at least that often"));
      }
      if (gaps.size() == before) {
        mapping.put(s.signal(), e);
      }
    }
    for (OutputSignal o : template.outputs()) {
      Integer i = index.get(o.signal());
      boolean mustWrite = written.contains(o);
      if (i == null) {
        if (mustWrite) {
          gaps.add(
              new Gap(
                  o.signal(),
                  GapKind.NOT_WRITABLE,
                  "setpoint "
                      + o.signal()
                      + " (output "
                      + o.name()
                      + ") is not mapped in TagMapping "
                      + tmName
                      + " but spec.stage is ClosedLoop: map it with access ReadWrite"));
        }
        continue;
      }
      TagMappingEntry e = entries.get(i);
      String at = "TagMapping " + tmName + " spec.mappings[" + i + "]";
      if (e.derived()) {
        if (mustWrite) {
          gaps.add(
              new Gap(
                  o.signal(),
                  GapKind.NOT_WRITABLE,
                  at
                      + " substitutes setpoint "
                      + o.signal()
                      + " but spec.stage is ClosedLoop and output "
                      + o.name()
                      + " writes it: map the setpoint's tag with nodeId and access ReadWrite"));
        }
        continue;
      }
      int before = gaps.size();
      checkEntry(gaps, at, e, o.unit());
      if (mustWrite && e.access() != Access.ReadWrite) {
        gaps.add(
            new Gap(
                o.signal(),
                GapKind.NOT_WRITABLE,
                at
                    + ".access is Read but spec.stage is ClosedLoop and output "
                    + o.name()
                    + " writes "
                    + o.signal()
                    + ": set access ReadWrite, or lower spec.stage"));
      }
      if (gaps.size() == before) {
        mapping.put(o.signal(), e);
      }
    }
    return new Report(required, gaps, mapping, substitutes, read.size());
  }

  /**
   * A substitute covers an input only where the template allows it, in a convertible unit, and, for
   * an expression, reading only signals the template declares and the TagMapping maps from plant
   * tags (so each has a canonical unit and reaches the inference server).
   */
  private static void checkSubstitute(
      List<Gap> gaps,
      String at,
      TagMappingEntry e,
      InputSignal s,
      UseCaseTemplateSpec template,
      List<TagMappingEntry> entries) {
    if (!s.substitutable()) {
      gaps.add(
          new Gap(
              s.signal(),
              GapKind.SUBSTITUTE_NOT_ALLOWED,
              at
                  + ".substitute: the template does not mark "
                  + s.signal()
                  + " substitutable (spec.inputs[].substitutable), so the plant must measure"
                  + " it: map its tag with nodeId"));
      return;
    }
    checkUnit(gaps, at, e, s.unit());
    List<String> problems = new ArrayList<>();
    for (var p : SubstituteRules.check(e, at, entries)) {
      problems.add(p.field().startsWith(at) ? p.field() + ": " + p.message() : p.message());
    }
    if (problems.isEmpty() && e.substitute().expression() != null) {
      Set<String> declared = declaredSignals(template);
      for (String ref : SubstituteRules.compile(e, entries).reads()) {
        if (!declared.contains(ref)) {
          problems.add(
              at
                  + ".substitute.expression reads "
                  + ref
                  + ", which the template does not declare, so it has no canonical unit here:"
                  + " use only the template's signals "
                  + declared);
        }
      }
    }
    problems.forEach(p -> gaps.add(new Gap(s.signal(), GapKind.SUBSTITUTE_INVALID, p)));
  }

  /** Every signal the template reads or writes. */
  private static Set<String> declaredSignals(UseCaseTemplateSpec t) {
    Set<String> all = new TreeSet<>();
    t.inputs().forEach(i -> all.add(i.signal()));
    t.observedSignals().forEach(i -> all.add(i.signal()));
    t.outputs().forEach(o -> all.add(o.signal()));
    return all;
  }

  private static Gap notMapped(String signal, String unit, String tmName) {
    return new Gap(
        signal,
        GapKind.NOT_MAPPED,
        signal
            + " is not mapped in TagMapping "
            + tmName
            + ": add an entry with signal "
            + signal
            + " (a tag in a unit convertible to "
            + unit
            + ")");
  }

  private static void checkEntry(List<Gap> gaps, String at, TagMappingEntry e, String canonical) {
    NodeIdSyntax.parse(e.nodeId())
        .problem()
        .ifPresent(
            p -> gaps.add(new Gap(e.signal(), GapKind.NODE_ID_INVALID, at + ".nodeId " + p)));
    checkUnit(gaps, at, e, canonical);
  }

  private static void checkUnit(List<Gap> gaps, String at, TagMappingEntry e, String canonical) {
    Optional<String> parse = Units.parseProblem(e.unit());
    if (parse.isPresent()) {
      gaps.add(new Gap(e.signal(), GapKind.UNIT_INVALID, at + ".unit: " + parse.get()));
      return;
    }
    Units.conversionProblem(e.unit(), canonical)
        .ifPresent(
            p ->
                gaps.add(
                    new Gap(
                        e.signal(),
                        GapKind.UNIT_INCOMPATIBLE,
                        at
                            + ".unit: "
                            + p
                            + "; give the tag's unit in the dimension of "
                            + canonical)));
  }
}
