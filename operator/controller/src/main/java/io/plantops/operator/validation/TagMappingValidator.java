package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.GuidanceMapping;
import io.plantops.api.v1alpha1.MappingProblem;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.opcua.NodeIdSyntax;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a TagMapping beyond its schema: units parse and convert to the canonical unit of the
 * signal (as the fleet's templates declare it), NodeIds parse, no canonical signal is mapped twice,
 * substitutes are well formed ({@link SubstituteRules}), guidance tags are tags of their own
 * ({@link #guidanceProblems}), and lists the writable mappings. Pure: same input, same report.
 */
public final class TagMappingValidator {

  private TagMappingValidator() {}

  /**
   * What the validator found.
   *
   * @param problems each offending entry, with the field and the fix
   * @param validEntries entries without a problem
   * @param writableSignals canonical signals mapped ReadWrite, sorted
   */
  public record Report(
      List<MappingProblem> problems, int validEntries, List<String> writableSignals) {
    public Report {
      problems = List.copyOf(problems);
      writableSignals = List.copyOf(writableSignals);
    }

    /** True when no entry has a problem. */
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * Validates {@code spec}.
   *
   * @param canonicalUnits canonical unit per signal, from the templates that declare it; a signal
   *     no template declares is only checked for a parseable unit
   */
  public static Report validate(TagMappingSpec spec, Map<String, String> canonicalUnits) {
    List<MappingProblem> problems = new ArrayList<>();
    Map<String, Integer> firstIndex = new HashMap<>();
    TreeSet<String> writable = new TreeSet<>();
    int valid = 0;
    List<TagMappingEntry> entries = spec.mappings() == null ? List.of() : spec.mappings();
    for (int i = 0; i < entries.size(); i++) {
      TagMappingEntry e = entries.get(i);
      String at = "spec.mappings[" + i + "]";
      int before = problems.size();
      Integer first = firstIndex.putIfAbsent(e.signal(), i);
      if (first != null) {
        problems.add(
            new MappingProblem(
                e.signal(),
                at + ".signal",
                "signal "
                    + e.signal()
                    + " is already mapped by spec.mappings["
                    + first
                    + "]; map each canonical signal once (remove one of the two entries)"));
      }
      if (e.derived()) {
        problems.addAll(SubstituteRules.check(e, at, entries));
      } else {
        NodeIdSyntax.Result nodeId = NodeIdSyntax.parse(e.nodeId());
        nodeId
            .problem()
            .ifPresent(
                p -> problems.add(new MappingProblem(e.signal(), at + ".nodeId", "NodeId " + p)));
      }
      problems.addAll(
          scaling(
              e.signal(),
              at,
              e.unit(),
              e.scale(),
              e.offset(),
              canonicalUnits,
              "the templates read",
              "tag"));
      if (e.maxAge() != null && maxAgeMs(e).isEmpty()) {
        problems.add(
            new MappingProblem(
                e.signal(),
                at + ".maxAge",
                "maxAge '"
                    + e.maxAge()
                    + "' is not a positive ISO-8601 duration; write e.g. PT4H (4 hours), PT30M or"
                    + " P1D, or remove maxAge to keep a value valid while its subscription is"
                    + " alive"));
      }
      if (problems.size() == before) {
        valid++;
        if (e.access() == Access.ReadWrite) {
          writable.add(e.signal());
        }
      }
    }
    problems.addAll(guidanceProblems(spec, canonicalUnits));
    return new Report(problems, valid, new ArrayList<>(writable));
  }

  /**
   * Every problem of {@code spec.guidance}: NodeIds parse; a guidance NodeId is not mapped in
   * {@code spec.mappings} (as an input, Read, or a setpoint, ReadWrite: guidance tags have their
   * own role, written with advice only) nor used twice; each output's signal has one guidance
   * entry; the unit converts to the signal's canonical unit; scale and offset are finite, scale
   * non-zero. NodeIds are compared as written.
   */
  public static List<MappingProblem> guidanceProblems(
      TagMappingSpec spec, Map<String, String> canonicalUnits) {
    List<MappingProblem> problems = new ArrayList<>();
    List<TagMappingEntry> entries = spec.mappings() == null ? List.of() : spec.mappings();
    Map<String, Integer> mapped = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).nodeId() != null) {
        mapped.putIfAbsent(entries.get(i).nodeId(), i);
      }
    }
    Map<String, String> usedBy = new HashMap<>();
    Map<String, Integer> firstSignal = new HashMap<>();
    List<GuidanceMapping> guidance = spec.guidance();
    for (int i = 0; i < guidance.size(); i++) {
      GuidanceMapping g = guidance.get(i);
      String at = "spec.guidance[" + i + "]";
      Integer first = firstSignal.putIfAbsent(g.signal(), i);
      if (first != null) {
        problems.add(
            new MappingProblem(
                g.signal(),
                at + ".signal",
                "signal "
                    + g.signal()
                    + " already has guidance tags in spec.guidance["
                    + first
                    + "]; give each output one guidance entry (remove one of the two)"));
      }
      String[][] tags = {
        {"valueNodeId", g.valueNodeId()},
        {"textNodeId", g.textNodeId()},
        {"heartbeatNodeId", g.heartbeatNodeId()}
      };
      for (String[] tag : tags) {
        String field = at + "." + tag[0];
        String nodeId = tag[1];
        if (nodeId == null) {
          continue;
        }
        Optional<String> syntax = NodeIdSyntax.parse(nodeId).problem();
        if (syntax.isPresent()) {
          problems.add(new MappingProblem(g.signal(), field, "NodeId " + syntax.get()));
          continue;
        }
        Integer clash = mapped.get(nodeId);
        if (clash != null) {
          TagMappingEntry e = entries.get(clash);
          problems.add(
              new MappingProblem(
                  g.signal(),
                  field,
                  "NodeId "
                      + nodeId
                      + " is also mapped as "
                      + (e.access() == Access.ReadWrite
                          ? "a setpoint (ReadWrite)"
                          : "an input (Read)")
                      + " by spec.mappings["
                      + clash
                      + "] (signal "
                      + e.signal()
                      + "); guidance tags are written with advice only and must be tags of their"
                      + " own: give the HMI's advice tag here, or remove the entry from"
                      + " spec.mappings"));
        }
        String other = usedBy.putIfAbsent(nodeId, field);
        if (other != null) {
          problems.add(
              new MappingProblem(
                  g.signal(),
                  field,
                  "NodeId "
                      + nodeId
                      + " is already used by "
                      + other
                      + "; each guidance tag shows one thing: give a tag of its own"));
        }
      }
      problems.addAll(
          scaling(
              g.signal(),
              at,
              g.unit(),
              g.scale(),
              g.offset(),
              canonicalUnits,
              "the templates give",
              "advice tag"));
    }
    return problems;
  }

  /**
   * The problems of a tag's unit, scale and offset, for a mapped signal and a guidance tag alike:
   * the unit parses and converts to the signal's canonical unit, the scale is finite and non-zero,
   * the offset finite.
   */
  private static List<MappingProblem> scaling(
      String signal,
      String at,
      String unit,
      double scale,
      double offset,
      Map<String, String> canonicalUnits,
      String templatesVerb,
      String tag) {
    List<MappingProblem> problems = new ArrayList<>();
    Optional<String> unitProblem = Units.parseProblem(unit);
    if (unitProblem.isPresent()) {
      problems.add(new MappingProblem(signal, at + ".unit", unitProblem.get()));
    } else {
      String canonical = canonicalUnits.get(signal);
      if (canonical != null) {
        Units.conversionProblem(unit, canonical)
            .ifPresent(
                p ->
                    problems.add(
                        new MappingProblem(
                            signal,
                            at + ".unit",
                            p
                                + "; "
                                + templatesVerb
                                + " "
                                + signal
                                + " in "
                                + canonical
                                + ": give the "
                                + tag
                                + "'s unit in that dimension")));
      }
    }
    if (scale == 0.0 || !Double.isFinite(scale)) {
      problems.add(
          new MappingProblem(signal, at + ".scale", "scale must be a finite non-zero number"));
    }
    if (!Double.isFinite(offset)) {
      problems.add(new MappingProblem(signal, at + ".offset", "offset must be finite"));
    }
    return problems;
  }

  /** The guidance entries of {@code spec} without a problem ({@link #guidanceProblems}). */
  public static List<GuidanceMapping> validGuidance(
      TagMappingSpec spec, Map<String, String> canonicalUnits) {
    List<MappingProblem> problems = guidanceProblems(spec, canonicalUnits);
    List<GuidanceMapping> valid = new ArrayList<>();
    for (int i = 0; i < spec.guidance().size(); i++) {
      String at = "spec.guidance[" + i + "].";
      if (problems.stream().noneMatch(p -> p.field().startsWith(at))) {
        valid.add(spec.guidance().get(i));
      }
    }
    return valid;
  }

  /**
   * Canonical unit per signal, as {@code templates} declare it: inputs, observed signals and
   * outputs, the first template by name winning.
   */
  public static Map<String, String> canonicalUnits(Collection<UseCaseTemplate> templates) {
    Map<String, String> units = new TreeMap<>();
    templates.stream()
        .filter(t -> t.getSpec() != null)
        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .forEach(
            t -> {
              t.getSpec().inputs().forEach(i -> units.putIfAbsent(i.signal(), i.unit()));
              t.getSpec().observedSignals().forEach(i -> units.putIfAbsent(i.signal(), i.unit()));
              t.getSpec().outputs().forEach(o -> units.putIfAbsent(o.signal(), o.unit()));
            });
    return units;
  }

  /**
   * The entry's {@code maxAge} in milliseconds: empty when it sets none, or when it is not a
   * positive ISO-8601 duration (then {@link #validate} reports it).
   */
  public static Optional<Long> maxAgeMs(TagMappingEntry e) {
    if (e.maxAge() == null) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.parse(e.maxAge());
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d.toMillis());
    } catch (DateTimeParseException | ArithmeticException ex) {
      return Optional.empty();
    }
  }
}
