package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.Access;
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
 * substitutes are well formed ({@link SubstituteRules}), and lists the writable mappings. Pure:
 * same input, same report.
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
      Optional<String> unitProblem = Units.parseProblem(e.unit());
      if (unitProblem.isPresent()) {
        problems.add(new MappingProblem(e.signal(), at + ".unit", unitProblem.get()));
      } else {
        String canonical = canonicalUnits.get(e.signal());
        if (canonical != null) {
          Units.conversionProblem(e.unit(), canonical)
              .ifPresent(
                  p ->
                      problems.add(
                          new MappingProblem(
                              e.signal(),
                              at + ".unit",
                              p
                                  + "; the templates read "
                                  + e.signal()
                                  + " in "
                                  + canonical
                                  + ": give the tag's unit in that dimension")));
        }
      }
      if (e.scale() == 0.0 || !Double.isFinite(e.scale())) {
        problems.add(
            new MappingProblem(
                e.signal(), at + ".scale", "scale must be a finite non-zero number"));
      }
      if (!Double.isFinite(e.offset())) {
        problems.add(new MappingProblem(e.signal(), at + ".offset", "offset must be finite"));
      }
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
    return new Report(problems, valid, new ArrayList<>(writable));
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
