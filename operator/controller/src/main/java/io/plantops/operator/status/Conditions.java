package io.plantops.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a resource's conditions as a value, from the previous ones: {@code lastTransitionTime}
 * moves only when a condition's status flips, and every condition carries the {@code
 * observedGeneration} it was computed from (Kubernetes API conventions, "Typical status
 * properties"). Conditions keep the order in which they are set.
 */
public final class Conditions {

  /** Longest message kept; lists of problems live in dedicated status fields. */
  static final int MAX_MESSAGE = 4000;

  private final Map<String, Condition> previous = new LinkedHashMap<>();
  private final Map<String, Condition> next = new LinkedHashMap<>();
  private final Map<String, Reason> reasons = new LinkedHashMap<>();
  private final long generation;
  private final String now;

  private Conditions(List<Condition> previous, long generation, Instant now) {
    if (previous != null) {
      previous.forEach(c -> this.previous.put(c.type(), c));
    }
    this.generation = generation;
    this.now = timestamp(now);
  }

  /** Starts from the conditions last written, for a resource at {@code generation}. */
  public static Conditions from(List<Condition> previous, long generation, Instant now) {
    return new Conditions(previous, generation, now);
  }

  /** Starts from the conditions last written, for {@code resource} at its current generation. */
  public static Conditions from(List<Condition> previous, HasMetadata resource, Instant now) {
    return new Conditions(previous, generationOf(resource), now);
  }

  /**
   * The error path: every previous condition as last written, and Ready False with the error's
   * message.
   */
  public static Conditions afterError(
      List<Condition> previous, HasMetadata resource, Instant now, Exception error) {
    return from(previous, resource, now)
        .keepAllBut(ConditionTypes.READY)
        .set(
            ConditionTypes.READY,
            ConditionStatus.False,
            Reason.ReconcileError,
            "reconciliation failed: " + error.getMessage());
  }

  /** {@code metadata.generation}, 0 before the API server has set it. */
  public static long generationOf(HasMetadata resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** Sets a condition; a later call for the same type replaces the earlier one. */
  public Conditions set(String type, ConditionStatus status, Reason reason, String message) {
    Condition before = previous.get(type);
    String since = before != null && before.status() == status ? before.lastTransitionTime() : now;
    next.put(
        type, new Condition(type, status, reason.name(), truncate(message), since, generation));
    reasons.put(type, reason);
    return this;
  }

  /** Sets a condition from a verdict computed apart. */
  public Conditions set(String type, Verdict verdict) {
    return set(type, verdict.status(), verdict.reason(), verdict.message());
  }

  /** The generation the conditions are computed for. */
  public long generation() {
    return generation;
  }

  /** Keeps every previous condition except {@code except} as last written (the error path). */
  public Conditions keepAllBut(String except) {
    previous.values().stream()
        .filter(c -> !c.type().equals(except))
        .forEach(c -> next.put(c.type(), c));
    return this;
  }

  /** The conditions set, in order. */
  public List<Condition> build() {
    return List.copyOf(next.values());
  }

  /**
   * Every condition set here whose status differs from before, including ones that appear. A
   * condition kept as it was cannot have flipped.
   */
  public List<Change> changes() {
    List<Change> changes = new ArrayList<>();
    reasons.forEach(
        (type, reason) -> {
          Condition c = next.get(type);
          Optional<ConditionStatus> from =
              Optional.ofNullable(previous.get(type)).map(Condition::status);
          if (from.isEmpty() || from.get() != c.status()) {
            changes.add(new Change(type, from, c.status(), reason, c.message()));
          }
        });
    return changes;
  }

  /** The status to write with the conditions that flipped computing it. */
  public <S> StatusUpdate<S> update(S status) {
    return new StatusUpdate<>(status, changes());
  }

  /**
   * A condition that flipped.
   *
   * @param type condition type
   * @param from status before, empty when the condition is new
   * @param to status now
   * @param reason reason now
   * @param message message now
   */
  public record Change(
      String type,
      Optional<ConditionStatus> from,
      ConditionStatus to,
      Reason reason,
      String message) {}

  /** The condition of {@code type} in {@code conditions}, if any. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(c.type(), type)).findFirst();
  }

  /** True when {@code conditions} hold {@code type} with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> c.status() == ConditionStatus.True).orElse(false);
  }

  /** RFC 3339 with second precision, as Kubernetes writes timestamps. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The instant of an RFC 3339 timestamp in status, empty when absent or unparseable. */
  public static Optional<Instant> instant(String timestamp) {
    if (timestamp == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 20) + " ... (truncated)";
  }
}
