package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.MappingProblem;
import io.plantops.api.v1alpha1.Substitute;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.SignalExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules of a declared substitute (TagMapping {@code spec.mappings[].substitute}), for the
 * TagMapping on its own: exactly one of constant and expression, a finite constant, an expression
 * that compiles as CEL over the signals this TagMapping maps from plant tags, never written.
 *
 * <p>No chains: an expression may read only signals read from the plant, never another substitute.
 * A substitute of a substitute would hide how far an input is from a measurement, and it is the
 * simplest rule under which a cycle cannot exist; so it is refused at validation, naming the entry
 * the expression reads.
 */
public final class SubstituteRules {

  private SubstituteRules() {}

  /** The problems of the substitute entry {@code e} at {@code at}, among {@code entries}. */
  public static List<MappingProblem> check(
      TagMappingEntry e, String at, List<TagMappingEntry> entries) {
    List<MappingProblem> problems = new ArrayList<>();
    Substitute sub = e.substitute();
    String field = at + ".substitute";
    if (e.nodeId() != null) {
      problems.add(
          new MappingProblem(
              e.signal(),
              at + ".nodeId",
              "an entry is either read from a plant tag (nodeId) or substituted (substitute):"
                  + " remove one of the two"));
    }
    if (e.access() == Access.ReadWrite) {
      problems.add(
          new MappingProblem(
              e.signal(),
              at + ".access",
              "a substituted signal is never written to the plant: set access Read, or map the"
                  + " setpoint's tag with nodeId"));
    }
    if ((sub.constant() == null) == (sub.expression() == null || sub.expression().isBlank())) {
      problems.add(
          new MappingProblem(
              e.signal(),
              field,
              "give exactly one of substitute.constant (a number in "
                  + e.unit()
                  + ") and substitute.expression (CEL over mapped signals)"));
      return problems;
    }
    if (sub.constant() != null && !Double.isFinite(sub.constant())) {
      problems.add(
          new MappingProblem(e.signal(), field + ".constant", "the constant must be finite"));
    }
    if (sub.expression() != null) {
      compile(e, entries)
          .problem()
          .ifPresent(p -> problems.add(new MappingProblem(e.signal(), field + ".expression", p)));
    }
    return problems;
  }

  /**
   * A compiled substitute expression.
   *
   * @param problem why it is refused, or empty
   * @param reads the signals it reads (empty when it does not compile)
   */
  public record Compiled(Optional<String> problem, Set<String> reads) {
    static Compiled refused(String why) {
      return new Compiled(Optional.of(why), Set.of());
    }
  }

  /**
   * Compiles the expression of {@code e}: it must compile over the signals the TagMapping maps from
   * plant tags, and read no substituted signal.
   */
  public static Compiled compile(TagMappingEntry e, List<TagMappingEntry> entries) {
    Set<String> fromPlant = new TreeSet<>();
    Map<String, Integer> substituted = new TreeMap<>();
    for (int i = 0; i < entries.size(); i++) {
      TagMappingEntry other = entries.get(i);
      if (other.derived()) {
        substituted.putIfAbsent(other.signal(), i);
      } else {
        fromPlant.add(other.signal());
      }
    }
    Set<String> declared = new TreeSet<>(fromPlant);
    declared.addAll(substituted.keySet());
    SignalExpression compiled;
    try {
      compiled = SignalExpression.compile(e.substitute().expression(), declared);
    } catch (ExpressionException ex) {
      return Compiled.refused(
          ex.getMessage()
              + "; write CEL over signals this TagMapping maps from plant tags ("
              + String.join(", ", fromPlant)
              + "), numbers as doubles (2.0)");
    }
    List<String> chained = new ArrayList<>();
    for (String ref : compiled.signals()) {
      if (ref.equals(e.signal())) {
        chained.add(ref + " (itself)");
      } else if (substituted.containsKey(ref)) {
        chained.add(ref + " (spec.mappings[" + substituted.get(ref) + "])");
      }
    }
    if (!chained.isEmpty()) {
      return Compiled.refused(
          "the expression reads substituted signals "
              + chained
              + "; a substitute may read only signals mapped from plant tags (no chains, so no"
              + " cycles): write it over those signals' own inputs");
    }
    return new Compiled(Optional.empty(), compiled.signals());
  }
}
