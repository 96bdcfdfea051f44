package io.plantops.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.rules.Digests;
import io.plantops.contract.units.UnitCatalog;
import io.plantops.contract.units.UnitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, checks and writes {@link ResolvedPlantConfig} documents.
 *
 * <p>Writing is canonical (fixed field order, sorted map keys, no timestamps), and {@code
 * configVersion} is the SHA-256 of the document written with an empty configVersion: the same
 * inputs always give the same bytes, so the operator never rewrites an unchanged ConfigMap.
 */
public final class PlantConfigCodec {

  private static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private PlantConfigCodec() {}

  /** The shared mapper for contract documents (status, batches, recommendations). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Renders the config with its configVersion filled in. */
  public static ResolvedPlantConfig seal(ResolvedPlantConfig config) {
    return config.withConfigVersion(digest(config));
  }

  /** SHA-256 (hex) of the canonical JSON of {@code config} with an empty configVersion. */
  public static String digest(ResolvedPlantConfig config) {
    try {
      return Digests.sha256Hex(MAPPER.writeValueAsBytes(config.withConfigVersion("")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot digest a resolved plant config", e);
    }
  }

  /** Canonical JSON of a sealed config. */
  public static String toJson(ResolvedPlantConfig config) {
    try {
      return MAPPER.writeValueAsString(config) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a resolved plant config", e);
    }
  }

  /** Reads and checks a config file. */
  public static ResolvedPlantConfig read(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses and checks a config document. */
  public static ResolvedPlantConfig parse(String json) throws ConfigException {
    ResolvedPlantConfig config;
    try {
      config = MAPPER.readValue(json, ResolvedPlantConfig.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (config == null) {
      throw new ConfigException(List.of("the document is empty"));
    }
    List<String> problems = check(config);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  /** Every structural problem of {@code config}, each naming its field; empty when usable. */
  public static List<String> check(ResolvedPlantConfig config) {
    List<String> p = new ArrayList<>();
    if (!ResolvedPlantConfig.SCHEMA_VERSION.equals(config.schemaVersion())) {
      p.add(
          "schemaVersion is '"
              + config.schemaVersion()
              + "', this build reads '"
              + ResolvedPlantConfig.SCHEMA_VERSION
              + "'");
    }
    if (config.configVersion() != null
        && !config.configVersion().isEmpty()
        && !config.configVersion().equals(digest(config))) {
      p.add("configVersion does not match the document's digest (edited by hand?)");
    }
    if (config.plant() == null || blank(config.plant().name())) {
      p.add("plant.name is required");
    }
    Set<String> mapped = new HashSet<>();
    for (int i = 0; i < config.signals().size(); i++) {
      SignalMapping s = config.signals().get(i);
      String at = "signals[" + i + "]";
      if (blank(s.signal())) {
        p.add(at + ".signal is required");
        continue;
      }
      if (!mapped.add(s.signal())) {
        p.add(at + ".signal '" + s.signal() + "' is mapped twice");
      }
      if (blank(s.nodeId())) {
        p.add(at + ".nodeId is required for " + s.signal());
      }
      unitConversion(p, at, s.siteUnit(), s.canonicalUnit());
      if (s.scale() == 0.0 || !Double.isFinite(s.scale()) || !Double.isFinite(s.offset())) {
        p.add(at + ".scale must be finite and non-zero and offset finite");
      }
      if (s.samplingIntervalMs() <= 0) {
        p.add(at + ".samplingIntervalMs must be positive");
      }
    }
    for (int i = 0; i < config.substitutes().size(); i++) {
      SubstituteSignal s = config.substitutes().get(i);
      String at = "substitutes[" + i + "]";
      if (blank(s.signal())) {
        p.add(at + ".signal is required");
        continue;
      }
      if (!mapped.add(s.signal())) {
        p.add(at + ".signal '" + s.signal() + "' is also mapped or substituted elsewhere");
      }
      if ((s.constant() == null) == blank(s.expression())) {
        p.add(at + " needs exactly one of constant and expression for " + s.signal());
      }
      if (s.constant() != null && !Double.isFinite(s.constant())) {
        p.add(at + ".constant must be finite");
      }
      unitConversion(p, at, s.siteUnit(), s.canonicalUnit());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < config.useCases().size(); i++) {
      UseCaseConfig u = config.useCases().get(i);
      String at = "useCases[" + i + "]";
      if (blank(u.name())) {
        p.add(at + ".name is required");
      } else if (!names.add(u.name())) {
        p.add(at + ".name '" + u.name() + "' appears twice");
      }
      if (u.phase() == null) {
        p.add(at + ".phase is required");
      }
      if (u.cadenceSeconds() <= 0) {
        p.add(at + ".cadenceSeconds must be positive");
      }
      if (u.inputs().isEmpty()) {
        p.add(at + ".inputs must not be empty");
      }
      checkFeatures(p, at + ".inputs", u.inputs());
      checkFeatures(p, at + ".observed", u.observed());
      if (u.outputs().isEmpty()) {
        p.add(at + ".outputs must not be empty");
      }
      for (int j = 0; j < u.outputs().size(); j++) {
        checkOutput(p, at + ".outputs[" + j + "]", u.outputs().get(j));
      }
      if (u.activeModel() == null) {
        p.add(at + ".activeModel is required");
      } else {
        checkModel(p, at + ".activeModel", u.activeModel());
      }
      if (u.candidateModel() != null) {
        checkModel(p, at + ".candidateModel", u.candidateModel());
      }
      if (u.drift() == null) {
        p.add(at + ".drift is required");
      } else if (u.drift().psiWarn() >= u.drift().psiAlert()
          || u.drift().meanShiftWarn() >= u.drift().meanShiftAlert()) {
        p.add(at + ".drift warn thresholds must be below alert thresholds");
      }
      for (int j = 0; j < u.kpis().size(); j++) {
        var k = u.kpis().get(j);
        if (blank(k.name()) || blank(k.expression())) {
          p.add(at + ".kpis[" + j + "] needs a name and an expression");
        }
        if (k.windowMinutes() <= 0) {
          p.add(at + ".kpis[" + j + "].windowMinutes must be positive");
        }
        if (k.kept() != null
            && (!Double.isFinite(k.kept().value())
                || k.kept().source() == null
                || k.kept().source() == BaselineSource.Calibration)) {
          p.add(
              at
                  + ".kpis["
                  + j
                  + "].kept must be a finite History or Measured baseline (a calibrated one is"
                  + " kpis[].baseline)");
        }
      }
    }
    return p;
  }

  private static void checkFeatures(List<String> p, String at, List<Feature> features) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      Feature f = features.get(i);
      String here = at + "[" + i + "]";
      if (blank(f.signal())) {
        p.add(here + ".signal is required");
      } else if (!seen.add(f.signal())) {
        p.add(here + ".signal '" + f.signal() + "' appears twice");
      }
      if (f.aggregation() == null) {
        p.add(here + ".aggregation is required");
      }
      if (f.windowSeconds() <= 0) {
        p.add(here + ".windowSeconds must be positive");
      }
      if (f.validMin() != null && f.validMax() != null && f.validMin() > f.validMax()) {
        p.add(here + ": validMin is above validMax");
      }
      unit(p, here + ".unit", f.unit());
    }
  }

  private static void checkOutput(List<String> p, String at, Output o) {
    if (blank(o.name()) || blank(o.signal()) || o.kind() == null) {
      p.add(at + " needs name, signal and kind");
    }
    unit(p, at + ".unit", o.unit());
    if (o.min() != null && o.max() != null && o.min() > o.max()) {
      p.add(at + ": min is above max");
    }
    if (o.templateMin() != null && o.min() != null && o.min() < o.templateMin()) {
      p.add(at + ".min lies below the template's limit " + o.templateMin());
    }
    if (o.templateMax() != null && o.max() != null && o.max() > o.templateMax()) {
      p.add(at + ".max lies above the template's limit " + o.templateMax());
    }
    if (o.write()) {
      if (o.kind() != UseCaseConfig.OutputKind.Setpoint) {
        p.add(at + ".write is set on a Prediction output");
      }
      if (o.min() == null || o.max() == null || o.maxRatePerMinute() == null) {
        p.add(at + ": a written output needs min, max and maxRatePerMinute");
      }
    }
  }

  private static void checkModel(List<String> p, String at, Model m) {
    if (blank(m.version())) {
      p.add(at + ".version is required");
    }
    if (blank(m.uri())) {
      p.add(at + ".uri is required");
    }
    if (m.sha256() == null || !SHA256.matcher(m.sha256()).matches()) {
      p.add(at + ".sha256 must be 64 lowercase hex characters");
    }
    if (blank(m.inputTensor()) || blank(m.outputTensor())) {
      p.add(at + " needs inputTensor and outputTensor");
    }
  }

  private static void unit(List<String> p, String at, String unit) {
    try {
      UnitCatalog.parse(unit);
    } catch (UnitException e) {
      p.add(at + ": " + e.getMessage());
    }
  }

  private static void unitConversion(List<String> p, String at, String from, String to) {
    try {
      UnitCatalog.conversion(from, to);
    } catch (UnitException e) {
      p.add(at + ": " + e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
