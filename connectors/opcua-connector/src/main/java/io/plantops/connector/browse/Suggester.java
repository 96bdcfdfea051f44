package io.plantops.connector.browse;

import io.plantops.contract.template.TemplateView;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import io.plantops.contract.units.UnitException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Proposes a draft TagMapping for a template from a browsed address space.
 *
 * <p>Each (signal, variable) pair is scored on three grounds, each explained in the reasons:
 *
 * <ul>
 *   <li><b>name</b>: the weighted share of the canonical name's words (after a small cement-plant
 *       glossary expands tag abbreviations such as BZT, FCAO, KGM, PH) found in the variable's
 *       browse name, path and description, plus the template description's words; words common to
 *       many variables (kiln, PV) weigh less (inverse document frequency);
 *   <li><b>unit</b>: the engineering unit, resolved by the catalogue from EUInformation, must
 *       convert to the template's unit (same dimension); a different dimension excludes the
 *       variable. An absent or unknown unit is never assumed: it scores {@value
 *       #UNKNOWN_UNIT_SCORE}, and the mapping comes out with an empty unit and a {@code
 *       unitProblem} for the plant team to complete;
 *   <li><b>range</b>: the share of the template's valid range the EURange covers once converted,
 *       and whether the current value lies inside it.
 * </ul>
 *
 * A setpoint must be writable; measurements prefer read-only variables. Pairs are assigned greedily
 * by confidence, one variable per signal and one signal per variable (never one node for two
 * signals); below {@link #MIN_CONFIDENCE} a signal is left unmatched, with the best candidate's
 * shortcoming as the reason. An input or observed signal is given a writable node only when no
 * read-only one fits, and then the mapping says so ({@code caution}).
 */
public final class Suggester {

  /** Below this confidence no mapping is proposed. */
  public static final double MIN_CONFIDENCE = 0.4;

  /** The unit score of a variable whose unit is absent or unknown to the catalogue. */
  static final double UNKNOWN_UNIT_SCORE = 0.25;

  private static final Map<String, List<String>> GLOSSARY =
      Map.ofEntries(
          Map.entry("bzt", List.of("burning", "zone", "temperature")),
          Map.entry("bz", List.of("burning", "zone")),
          Map.entry("pyro", List.of("pyrometer", "temperature")),
          Map.entry("pyrometer", List.of("pyrometer", "temperature")),
          Map.entry("temp", List.of("temperature")),
          Map.entry("f", List.of("temperature")),
          Map.entry("fcao", List.of("free", "lime")),
          Map.entry("lsf", List.of("lime", "saturation", "lsf")),
          Map.entry("ph", List.of("preheater")),
          Map.entry("c1", List.of("cyclone")),
          Map.entry("stg1", List.of("stage")),
          Map.entry("out", List.of("outlet")),
          Map.entry("drv", List.of("drive")),
          Map.entry("rpm", List.of("speed")),
          Map.entry("kgm", List.of("rate")),
          Map.entry("tpd", List.of("rate")),
          Map.entry("tph", List.of("rate")),
          Map.entry("stph", List.of("rate")),
          Map.entry("prod", List.of("production", "rate")),
          Map.entry("clk", List.of("clinker")),
          Map.entry("cc", List.of("cooler")),
          Map.entry("sp", List.of("setpoint")),
          Map.entry("adv", List.of("advice")),
          Map.entry("o2", List.of("o2", "oxygen")),
          Map.entry("mw", List.of("power")),
          Map.entry("kw", List.of("power")),
          Map.entry("flow", List.of("flow", "rate")),
          Map.entry("coal", List.of("coal", "fuel")),
          Map.entry("rawmeal", List.of("raw", "meal")),
          Map.entry("fuel", List.of("fuel", "coal")));

  private static final Set<String> STOP =
      Set.of("the", "of", "a", "an", "to", "at", "for", "in", "on", "and", "pv", "x10", "k1", "k2");

  private Suggester() {}

  /** Proposes mappings of {@code template}'s signals onto {@code variables}. */
  public static Suggestion suggest(TemplateView template, List<BrowsedVariable> variables) {
    List<TemplateView.Wanted> wanted = template.wanted();
    List<Set<String>> varTokens = variables.stream().map(Suggester::variableTokens).toList();
    Map<String, Double> idf = idf(varTokens);

    record Candidate(int want, int var, double confidence, List<String> reasons, String flaw) {}
    List<Candidate> candidates = new ArrayList<>();
    Map<Integer, Candidate> bestPerWant = new HashMap<>();
    for (int w = 0; w < wanted.size(); w++) {
      TemplateView.Wanted want = wanted.get(w);
      for (int v = 0; v < variables.size(); v++) {
        Candidate c = score(want, variables.get(v), varTokens.get(v), idf, w, v, Candidate::new);
        if (c == null) {
          continue;
        }
        candidates.add(c);
        Candidate best = bestPerWant.get(w);
        if (best == null || c.confidence() > best.confidence()) {
          bestPerWant.put(w, c);
        }
      }
    }
    candidates.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
    Map<Integer, Candidate> chosen = new HashMap<>();
    Set<Integer> usedVars = new HashSet<>();
    // first pass: a measurement never takes a writable node; second pass: only if nothing else fits
    for (boolean allowWritableForReading : new boolean[] {false, true}) {
      for (Candidate c : candidates) {
        if (c.confidence() < MIN_CONFIDENCE) {
          break;
        }
        boolean reading = wanted.get(c.want()).role() != TemplateView.Role.Setpoint;
        if (!allowWritableForReading && reading && variables.get(c.var()).writable()) {
          continue;
        }
        if (!chosen.containsKey(c.want()) && !usedVars.contains(c.var())) {
          chosen.put(c.want(), c);
          usedVars.add(c.var());
        }
      }
    }
    List<Suggestion.Mapping> mappings = new ArrayList<>();
    List<Suggestion.Unmatched> unmatched = new ArrayList<>();
    for (int w = 0; w < wanted.size(); w++) {
      TemplateView.Wanted want = wanted.get(w);
      Candidate c = chosen.get(w);
      if (c == null) {
        Candidate best = bestPerWant.get(w);
        String why =
            best == null
                ? "no variable with a compatible unit and a matching name"
                : "best candidate "
                    + variables.get(best.var()).nodeId()
                    + " scores "
                    + round(best.confidence())
                    + " (below "
                    + MIN_CONFIDENCE
                    + (best.flaw().isEmpty() ? "" : "; " + best.flaw())
                    + ")";
        unmatched.add(new Suggestion.Unmatched(want.signal(), want.role(), why));
        continue;
      }
      BrowsedVariable var = variables.get(c.var());
      final int wi = w;
      String alternative =
          candidates.stream()
              .filter(x -> x.want() == wi && x.var() != c.var())
              .findFirst()
              .map(x -> variables.get(x.var()).nodeId() + " (" + round(x.confidence()) + ")")
              .orElse(null);
      String caution =
          want.role() != TemplateView.Role.Setpoint && var.writable()
              ? "no read-only variable fits this "
                  + want.role().name().toLowerCase(Locale.ROOT)
                  + " signal, so a writable node is proposed: check that "
                  + var.browseName()
                  + " is a measurement and not a setpoint; the entry is mapped Read"
              : null;
      mappings.add(
          new Suggestion.Mapping(
              want.signal(),
              want.role(),
              var.nodeId(),
              var.browseName(),
              var.unit() != null ? var.unit() : "",
              var.unit() != null ? null : var.unitSource(),
              sampling(want, var),
              want.role() == TemplateView.Role.Setpoint,
              round(c.confidence()),
              c.reasons(),
              var.browseName() + (var.description() == null ? "" : ": " + var.description()),
              alternative,
              caution));
    }
    return new Suggestion(template.name(), mappings, unmatched);
  }

  private interface CandidateFactory<C> {
    C make(int want, int var, double confidence, List<String> reasons, String flaw);
  }

  private static <C> C score(
      TemplateView.Wanted want,
      BrowsedVariable var,
      Set<String> tokens,
      Map<String, Double> idf,
      int w,
      int v,
      CandidateFactory<C> factory) {
    if (var.value() == null && var.dataType() != null && !numeric(var.dataType())) {
      return null;
    }
    List<String> reasons = new ArrayList<>();
    String flaw = "";
    // unit: the catalogue converts, nothing is assumed
    double unitScore;
    LinearConversion toCanonical = null;
    if (var.unit() != null) {
      try {
        toCanonical = UnitCatalog.conversion(var.unit(), want.unit());
      } catch (UnitException e) {
        return null; // a different dimension is never a candidate
      }
      unitScore = 1.0;
      reasons.add(
          "unit: "
              + var.unit()
              + " (from "
              + var.unitSource()
              + ") converts to "
              + want.unit()
              + describe(toCanonical));
    } else {
      unitScore = UNKNOWN_UNIT_SCORE;
      flaw = var.unitSource();
      reasons.add("unit: " + var.unitSource() + "; the plant team must name it");
    }
    // name
    Set<String> nameTokens = expand(tokenize(want.signal()));
    Set<String> descTokens = expand(tokenize(want.description() == null ? "" : want.description()));
    double name = coverage(nameTokens, tokens, idf);
    double desc = coverage(descTokens, tokens, idf);
    double similarity = 0.7 * name + 0.3 * desc;
    if (similarity <= 0) {
      return null;
    }
    Set<String> shared = new LinkedHashSet<>(nameTokens);
    shared.addAll(descTokens);
    shared.retainAll(tokens);
    reasons.add("name: " + var.browseName() + " shares " + String.join(", ", shared));
    // range
    double rangeScore = 0.5;
    if (toCanonical != null
        && want.min() != null
        && want.max() != null
        && want.max() > want.min()) {
      List<String> parts = new ArrayList<>();
      double overlapShare = -1;
      if (var.euLow() != null && var.euHigh() != null) {
        double a = toCanonical.apply(var.euLow());
        double b = toCanonical.apply(var.euHigh());
        double lo = Math.max(Math.min(a, b), want.min());
        double hi = Math.min(Math.max(a, b), want.max());
        overlapShare = Math.max(0, hi - lo) / (want.max() - want.min());
        parts.add(
            "EURange "
                + var.euLow()
                + ".."
                + var.euHigh()
                + " covers "
                + Math.round(overlapShare * 100)
                + "% of "
                + want.min()
                + ".."
                + want.max()
                + " "
                + want.unit());
      }
      double inside = -1;
      if (var.value() != null) {
        double c = toCanonical.apply(var.value());
        inside = c >= want.min() && c <= want.max() ? 1 : 0;
        parts.add(
            "current "
                + round(c)
                + " "
                + want.unit()
                + (inside > 0 ? " is plausible" : " is outside the valid range"));
        if (inside == 0) {
          flaw = "current value outside the valid range";
        }
      }
      if (overlapShare >= 0 && inside >= 0) {
        rangeScore = 0.5 * overlapShare + 0.5 * inside;
      } else if (overlapShare >= 0) {
        rangeScore = overlapShare;
      } else if (inside >= 0) {
        rangeScore = inside;
      }
      reasons.add("range: " + String.join("; ", parts));
    }
    double confidence = 0.55 * similarity + 0.2 * unitScore + 0.25 * rangeScore;
    if (want.role() == TemplateView.Role.Setpoint) {
      if (var.writable()) {
        reasons.add("access: writable, as a setpoint must be");
      } else {
        confidence *= 0.3;
        flaw = "not writable";
      }
    } else if (var.writable()) {
      confidence *= 0.6;
      reasons.add("access: writable, so more likely a setpoint than a measurement");
    }
    return factory.make(w, v, confidence, reasons, flaw);
  }

  private static String describe(LinearConversion c) {
    if (c.isIdentity()) {
      return "";
    }
    return " (x"
        + BigDecimal.valueOf(c.factor())
            .round(new MathContext(10))
            .stripTrailingZeros()
            .toPlainString()
        + (c.offset() == 0.0 ? "" : (c.offset() > 0 ? " + " : " - ") + round(Math.abs(c.offset())))
        + ")";
  }

  private static int sampling(TemplateView.Wanted want, BrowsedVariable var) {
    int proposed =
        var.minimumSamplingIntervalMs() == null
            ? 1000
            : (int) Math.max(1000, Math.round(var.minimumSamplingIntervalMs()));
    return proposed;
  }

  private static boolean numeric(String type) {
    return switch (type) {
      case "Double",
          "Float",
          "Int16",
          "Int32",
          "Int64",
          "UInt16",
          "UInt32",
          "UInt64",
          "Byte",
          "SByte",
          "Boolean" ->
          true;
      default -> false;
    };
  }

  private static Set<String> variableTokens(BrowsedVariable v) {
    Set<String> tokens = new LinkedHashSet<>(tokenize(v.browseName()));
    if (v.description() != null) {
      tokens.addAll(tokenize(v.description()));
    }
    if (v.path() != null) {
      tokens.addAll(tokenize(v.path()));
    }
    return expand(tokens);
  }

  static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    for (String t :
        text.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!t.isEmpty() && !STOP.contains(t)) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  private static Set<String> expand(java.util.Collection<String> tokens) {
    Set<String> result = new LinkedHashSet<>();
    for (String t : tokens) {
      List<String> meaning = GLOSSARY.get(t);
      if (meaning != null) {
        result.addAll(meaning);
      } else {
        result.add(t);
      }
    }
    return result;
  }

  private static Map<String, Double> idf(List<Set<String>> documents) {
    Map<String, Integer> df = new HashMap<>();
    for (Set<String> d : documents) {
      for (String t : d) {
        df.merge(t, 1, Integer::sum);
      }
    }
    int n = Math.max(1, documents.size());
    return df.entrySet().stream()
        .collect(
            Collectors.toMap(Map.Entry::getKey, e -> Math.log(1.0 + (double) n / e.getValue())));
  }

  private static double coverage(Set<String> wanted, Set<String> have, Map<String, Double> idf) {
    double total = 0;
    double found = 0;
    double unseen = Math.log(1.0 + idf.size());
    for (String t : wanted) {
      double weight = idf.getOrDefault(t, unseen);
      total += weight;
      if (have.contains(t)) {
        found += weight;
      }
    }
    return total == 0 ? 0 : found / total;
  }

  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  /** The variable with this NodeId, for callers that hold a list. */
  public static Optional<BrowsedVariable> find(List<BrowsedVariable> vars, String nodeId) {
    return vars.stream().filter(v -> v.nodeId().equals(nodeId)).findFirst();
  }
}
