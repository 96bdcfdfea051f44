package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The audit history of one decision: periods (a version live in a stage, from .. to, or the site
 * not live at all: {@link HistoryReason#NotLive}) and points in time (a refusal, a candidate
 * started or withdrawn, a load failure without fallback). At most one period is open: the one now.
 */
final class History {

  private static final Set<HistoryReason> POINT_ENTRIES =
      EnumSet.of(
          HistoryReason.Refused, HistoryReason.CandidateStarted, HistoryReason.CandidateWithdrawn);

  private final List<HistoryEntry> entries;
  private final String now;

  /** The history as last written, to which entries at {@code now} (RFC 3339) are added. */
  History(List<HistoryEntry> written, String now) {
    this.entries = new ArrayList<>(written);
    this.now = now;
  }

  /** Closes the open period and opens one: {@code stage} live with {@code version}. */
  HistoryEntry open(
      Stage stage, String version, HistoryReason why, List<String> approvedBy, String message) {
    Optional<HistoryEntry> closed = closeOpen();
    HistoryEntry entry =
        new HistoryEntry(
            version,
            stage,
            now,
            null,
            why,
            closed.map(HistoryEntry::stage).orElse(null),
            closed.map(HistoryEntry::version).orElse(null),
            approvedBy.isEmpty() ? null : List.copyOf(approvedBy),
            message);
    entries.add(entry);
    return entry;
  }

  /**
   * Closes the live period, if one is open, and opens a period when the site is not live ({@link
   * HistoryReason#NotLive}): an excursion to Pending or Failed, recorded with why.
   *
   * @return the entry, or empty when the site was not live (nothing to leave)
   */
  Optional<HistoryEntry> leave(String message) {
    Optional<Integer> open = openEntry();
    if (open.isEmpty() || entries.get(open.get()).stage() == null) {
      return Optional.empty(); // not live already: its NotLive period stays open
    }
    HistoryEntry closed = closeOpen().orElseThrow();
    HistoryEntry entry =
        new HistoryEntry(
            closed.version(),
            null,
            now,
            null,
            HistoryReason.NotLive,
            closed.stage(),
            closed.version(),
            null,
            message);
    entries.add(entry);
    return Optional.of(entry);
  }

  /** Adds a point in time, naming the period it happened in. */
  HistoryEntry point(Stage stage, String version, HistoryReason why, String message) {
    Optional<HistoryEntry> live = openEntry().map(entries::get);
    HistoryEntry entry =
        new HistoryEntry(
            version,
            stage,
            now,
            now,
            why,
            live.map(HistoryEntry::stage).orElse(null),
            live.map(HistoryEntry::version).orElse(null),
            null,
            message);
    entries.add(entry);
    return entry;
  }

  /** Whether the live period already has a refusal of {@code stage} for {@code version}. */
  boolean refusedInLivePeriod(Stage stage, String version) {
    for (int i = entries.size() - 1; i >= 0 && !isPeriod(entries.get(i)); i--) {
      HistoryEntry h = entries.get(i);
      if (h.reason() == HistoryReason.Refused
          && h.stage() == stage
          && Objects.equals(h.version(), version)) {
        return true;
      }
    }
    return false;
  }

  /** Closes the open period, if one is open. */
  Optional<HistoryEntry> closeOpen() {
    Optional<Integer> open = openEntry();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    HistoryEntry h = entries.get(open.get());
    HistoryEntry closed =
        new HistoryEntry(
            h.version(),
            h.stage(),
            h.from(),
            now,
            h.reason(),
            h.fromStage(),
            h.fromVersion(),
            h.approvals(),
            h.message());
    entries.set(open.get(), closed);
    return Optional.of(closed);
  }

  /** The latest {@code limit} entries, oldest first. */
  List<HistoryEntry> latest(int limit) {
    return List.copyOf(entries.subList(Math.max(0, entries.size() - limit), entries.size()));
  }

  private Optional<Integer> openEntry() {
    for (int i = entries.size() - 1; i >= 0; i--) {
      HistoryEntry h = entries.get(i);
      if (h.to() == null && (isPeriod(h) || h.reason() == HistoryReason.NotLive)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The version live before {@code active}'s latest period. */
  static Optional<String> previousVersion(List<HistoryEntry> history, String active) {
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry h = history.get(i);
      if (isPeriod(h) && h.version() != null && !h.version().equals(active)) {
        return Optional.of(h.version());
      }
    }
    return Optional.empty();
  }

  /** Whether {@code active} became active by a version promotion less than {@code hours} ago. */
  static boolean recentlyPromoted(
      List<HistoryEntry> history, String active, Instant now, long hours) {
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry h = history.get(i);
      if (!isPeriod(h)) {
        continue;
      }
      if (!active.equals(h.version())) {
        return false;
      }
      if (h.reason() == HistoryReason.VersionPromoted) {
        return Conditions.instant(h.from())
            .map(t -> Duration.between(t, now).compareTo(Duration.ofHours(hours)) < 0)
            .orElse(false);
      }
    }
    return false;
  }

  /**
   * When the site last fell from {@code stage} or above to below it (a rollback, a lowering, or not
   * live at all), as far as the history goes back: an approval of {@code stage} given before then
   * does not count.
   */
  static Optional<Instant> lastDropBelow(List<HistoryEntry> history, Stage stage) {
    Optional<Instant> last = Optional.empty();
    for (HistoryEntry h : history) {
      boolean wasAtOrAbove = h.fromStage() != null && h.fromStage().compareTo(stage) >= 0;
      boolean nowBelow = h.stage() == null || h.stage().compareTo(stage) < 0;
      boolean drop =
          wasAtOrAbove
              && nowBelow
              && (isPeriod(h)
                  || h.reason() == HistoryReason.NotLive
                  || h.reason() == HistoryReason.RolledBackModelLoad);
      if (drop) {
        Optional<Instant> at = Conditions.instant(h.from());
        if (at.isPresent() && (last.isEmpty() || at.get().isAfter(last.get()))) {
          last = at;
        }
      }
    }
    return last;
  }

  /** Whether {@code h} records a transition of what is live (a period, or leaving for not live). */
  static boolean isTransition(HistoryEntry h) {
    return isPeriod(h) || h.reason() == HistoryReason.NotLive;
  }

  /**
   * A period: a version live in a stage (as opposed to a point in time; a load failure without a
   * version to fall back to has no stage).
   */
  static boolean isPeriod(HistoryEntry h) {
    return h.stage() != null && !POINT_ENTRIES.contains(h.reason());
  }
}
