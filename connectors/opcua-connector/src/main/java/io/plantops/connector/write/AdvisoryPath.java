package io.plantops.connector.write;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.OutputKind;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Advice in the Advisory phase: each recommendation is published (metric, audit, {@code
 * /v1/advice}), and for each setpoint output an adoption episode measures whether operators follow
 * it within the adoption window ({@link AdoptionTracker}). Nothing is written to the plant.
 */
final class AdvisoryPath {

  private final ResolvedPlantConfig config;
  private final SignalStore store;
  private final AdoptionTracker adoption;
  private final AuditLog audit;
  private final ConnectorMetrics metrics;
  private final Clock clock;
  private final Map<String, Recommendation> latestAdvice = new LinkedHashMap<>();

  /**
   * The advisory path of {@code config}.
   *
   * @param previous the path of the config before, whose latest advice stays published
   */
  AdvisoryPath(
      ResolvedPlantConfig config,
      SignalStore store,
      AdoptionTracker adoption,
      AuditLog audit,
      ConnectorMetrics metrics,
      Clock clock,
      Optional<AdvisoryPath> previous) {
    this.config = config;
    this.store = store;
    this.adoption = adoption;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    previous.ifPresent(p -> latestAdvice.putAll(p.latestAdvice));
  }

  /** Publishes the advice of {@code rec}, made for {@code useCase}, which is live in Advisory. */
  void advise(UseCaseConfig useCase, Recommendation rec) {
    if (rec.phase() != Autonomy.Advisory) {
      return; // produced before the live phase changed: not advice
    }
    long now = clock.millis();
    latestAdvice.put(useCase.name(), rec);
    for (Output o : useCase.outputs()) {
      Optional<Recommendation.OutputValue> v =
          rec.outputs().stream().filter(x -> x.name().equals(o.name())).findFirst();
      if (v.isEmpty()) {
        continue;
      }
      double value = v.get().value();
      metrics.advised(useCase.name(), o.name(), value);
      OptionalDouble sp =
          o.kind() == OutputKind.Setpoint
              ? store.usableValue(o.signal(), now)
              : OptionalDouble.empty();
      String detail = null;
      if (o.kind() == OutputKind.Setpoint) {
        Optional<AdoptionTracker.Episode> opened =
            adoption.advise(key(useCase.name(), o.name()), now, value, sp, o.deadband());
        if (opened.isPresent()) {
          metrics.adoption(useCase.name(), o.name(), "opened", ratio(useCase.name(), o.name()));
          detail = "advice episode opened: operators have the adoption window to follow it";
        }
      }
      audit.append(
          new AuditEntry(
              Instant.ofEpochMilli(now).toString(),
              config.plant().name(),
              config.configVersion(),
              useCase.name(),
              o.name(),
              o.signal(),
              rec.modelVersion(),
              rec.seq(),
              AuditEntry.Action.Advised,
              null,
              sp.isPresent() ? sp.getAsDouble() : null,
              AuditEntry.finite(value),
              null,
              null,
              o.unit(),
              null,
              null,
              null,
              detail));
    }
  }

  /** Periodic work: closes the episodes operators followed, and those whose window expired. */
  void tick() {
    long now = clock.millis();
    for (UseCaseConfig u : config.useCases()) {
      for (Output o : setpoints(u)) {
        adoption
            .observe(key(u.name(), o.name()), now, store.usableValue(o.signal(), now))
            .ifPresent(e -> closeEpisode(u, o, e, AuditEntry.Action.AdviceFollowed));
      }
    }
    for (AdoptionTracker.Episode e : adoption.expire(now)) {
      setpointOf(e.key())
          .ifPresent(
              s -> closeEpisode(s.useCase(), s.output(), e, AuditEntry.Action.AdviceNotFollowed));
    }
  }

  private record Setpoint(UseCaseConfig useCase, Output output) {}

  /** The setpoint output an adoption key names, if this config has it. */
  private Optional<Setpoint> setpointOf(String key) {
    return config.useCases().stream()
        .flatMap(u -> setpoints(u).stream().map(o -> new Setpoint(u, o)))
        .filter(s -> key(s.useCase().name(), s.output().name()).equals(key))
        .findFirst();
  }

  private void closeEpisode(
      UseCaseConfig u, Output o, AdoptionTracker.Episode e, AuditEntry.Action action) {
    boolean followed = action == AuditEntry.Action.AdviceFollowed;
    metrics.adoption(
        u.name(), o.name(), followed ? "followed" : "not_followed", ratio(u.name(), o.name()));
    audit.append(
        new AuditEntry(
            Instant.ofEpochMilli(e.closedAtMs()).toString(),
            config.plant().name(),
            config.configVersion(),
            u.name(),
            o.name(),
            o.signal(),
            null,
            null,
            action,
            null,
            e.from(),
            e.advised(),
            null,
            null,
            o.unit(),
            null,
            null,
            null,
            "advised at " + Instant.ofEpochMilli(e.openedAtMs())));
  }

  private double ratio(String useCase, String output) {
    AdoptionTracker.Totals t = adoption.totals(key(useCase, output));
    long closed = t.followed() + t.notFollowed();
    return closed == 0 ? Double.NaN : (double) t.followed() / closed;
  }

  /** Adoption per use case (all setpoint outputs summed): opened and followed episodes. */
  Map<String, long[]> adoptionByUseCase() {
    Map<String, long[]> result = new LinkedHashMap<>();
    for (UseCaseConfig u : config.useCases()) {
      long[] sum = new long[2];
      for (Output o : setpoints(u)) {
        AdoptionTracker.Totals t = adoption.totals(key(u.name(), o.name()));
        sum[0] += t.opened();
        sum[1] += t.followed();
      }
      result.put(u.name(), sum);
    }
    return result;
  }

  /** The latest advisory recommendation per use case. */
  Map<String, Recommendation> latestAdvice() {
    return Map.copyOf(latestAdvice);
  }

  private static List<Output> setpoints(UseCaseConfig u) {
    return u.outputs().stream().filter(o -> o.kind() == OutputKind.Setpoint).toList();
  }

  private static String key(String useCase, String output) {
    return useCase + "/" + output;
  }
}
