package io.plantops.operator.rollout;

import io.plantops.api.v1alpha1.RingFailureAction;
import io.plantops.api.v1alpha1.RingStatus;
import io.plantops.api.v1alpha1.RolloutPolicy;
import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fleet rollout of a template's latest model version, ring by ring: a pure function of the
 * rollout status as last written, the template's rollout policy, its sites and the time. It opens
 * at most one ring per decision, halts on the first failing open ring, and writes everything it
 * remembers into the status, so that deciding again on that status changes nothing.
 */
public final class RolloutPlanner {

  private RolloutPlanner() {}

  /**
   * What the planner reads.
   *
   * @param policy the template's rollout policy
   * @param latest the template's latest release (the version to roll out)
   * @param previous the rollout status as last written
   * @param sites every SiteDeployment of the template with its ring
   * @param now the time of the decision
   */
  public record Snapshot(
      RolloutPolicy policy,
      String latest,
      Optional<RolloutStatus> previous,
      List<RolloutSite> sites,
      Instant now) {
    public Snapshot {
      sites = List.copyOf(sites);
    }
  }

  /**
   * A change of the rollout, emitted as an Event after the status is written.
   *
   * @param reason the event's reason
   * @param message what happened
   */
  public record Transition(Reason reason, String message) {}

  /**
   * The decision.
   *
   * @param status the rollout status to write
   * @param transitions what changed, for events
   * @param recheckAt when a soak gate passes, if the rollout waits for one
   */
  public record Plan(
      RolloutStatus status, List<Transition> transitions, Optional<Instant> recheckAt) {
    public Plan {
      transitions = List.copyOf(transitions);
    }
  }

  /** Decides the rollout for {@code s}. */
  public static Plan plan(Snapshot s) {
    String now = Conditions.timestamp(s.now());
    List<Transition> transitions = new ArrayList<>();
    TreeSet<Integer> rings =
        s.sites().stream().map(RolloutSite::ring).collect(Collectors.toCollection(TreeSet::new));
    Optional<RolloutStatus> prev = s.previous().filter(p -> p.version() != null);
    RolloutStatus was;
    if (prev.isPresent() && prev.get().version().equals(s.latest())) {
      was = prev.get();
    } else if (prev.isEmpty()) {
      // a first version: nothing to roll out from, every ring runs it
      was = started(s.latest(), null, rings, now, RolloutState.Complete);
    } else {
      RolloutStatus p = prev.get();
      String from =
          p.state() == RolloutState.Complete || p.fromVersion() == null
              ? p.version()
              : p.fromVersion();
      was = started(s.latest(), from, rings, now, RolloutState.Progressing);
      transitions.add(
          new Transition(
              Reason.RolloutStarted,
              "rollout of "
                  + s.latest()
                  + " started (from "
                  + from
                  + ") at ring "
                  + was.openRing()));
    }
    Map<Integer, RingStatus> prevRings = new TreeMap<>();
    if (was.rings() != null) {
      was.rings().forEach(r -> prevRings.put(r.ring(), r));
    }
    rings.addAll(prevRings.keySet());

    RolloutState state = was.state();
    Integer openRing = was.openRing();
    Integer haltedRing = was.haltedRing();
    String haltedAt = was.haltedAt();
    Boolean reverted = was.reverted();
    String message = was.message();
    Optional<Instant> recheck = Optional.empty();
    Map<Integer, RingFacts> facts = new TreeMap<>();
    for (int ring : rings) {
      facts.put(ring, facts(s, ring, prevRings.get(ring)));
    }

    if (state != RolloutState.Complete && state != RolloutState.Halted) {
      Optional<Map.Entry<Integer, String>> failure = firstFailure(s, facts, openRing);
      if (failure.isPresent()) {
        state = RolloutState.Halted;
        haltedRing = failure.get().getKey();
        haltedAt = now;
        reverted = s.policy().onRingFailure() == RingFailureAction.RevertRing;
        message =
            "ring "
                + haltedRing
                + " failed: "
                + failure.get().getValue()
                + "; no further ring receives "
                + was.version()
                + (reverted ? "; ring " + haltedRing + " returns to " + was.fromVersion() : "");
      }
    }
    if (state == RolloutState.Progressing || state == RolloutState.Paused) {
      RolloutState before = state;
      Optional<RingFacts> current = Optional.ofNullable(openRing).map(facts::get);
      List<String> waits =
          current
              .map(f -> RingGate.ALL.stream().map(g -> g.waitsFor(f)).flatMap(Optional::stream))
              .map(st -> st.toList())
              .orElse(List.of());
      Integer next = openRing == null ? null : rings.higher(openRing);
      if (s.policy().paused()) {
        state = RolloutState.Paused;
        message = "paused at ring " + openRing + " (spec.promotion.rollout.paused)";
      } else if (!waits.isEmpty()) {
        state = RolloutState.Progressing;
        message =
            (next == null ? "completion" : "ring " + next)
                + " waits for ring "
                + openRing
                + ": "
                + String.join("; ", waits);
        recheck = current.flatMap(RolloutPlanner::soakPasses);
      } else if (next == null) {
        state = RolloutState.Complete;
        message = was.version() + " rolled out to every ring";
        transitions.add(new Transition(Reason.RolloutComplete, message));
      } else {
        state = RolloutState.Progressing;
        openRing = next;
        message = "ring " + next + " opened to " + was.version();
        transitions.add(new Transition(Reason.RingOpened, message));
      }
      if (before == RolloutState.Paused && state != RolloutState.Paused) {
        transitions.add(new Transition(Reason.RolloutResumed, "resumed at ring " + was.openRing()));
      } else if (before != RolloutState.Paused && state == RolloutState.Paused) {
        transitions.add(new Transition(Reason.RolloutPaused, message));
      }
    }
    if (state == RolloutState.Complete && was.fromVersion() == null) {
      message = was.version() + " is the first version: every ring runs it";
    }

    List<RingStatus> ringStatus = new ArrayList<>();
    for (int ring : rings) {
      ringStatus.add(
          ring(
              s,
              facts.get(ring),
              prevRings.get(ring),
              open(state, openRing, ring),
              Objects.equals(ring, openRing) && state != RolloutState.Complete ? message : null,
              now));
    }
    RolloutStatus status =
        new RolloutStatus(
            was.version(),
            was.fromVersion(),
            state,
            openRing,
            was.startedAt(),
            haltedRing,
            haltedAt,
            reverted,
            message,
            summary(ringStatus, state, openRing),
            ringStatus.isEmpty() ? null : ringStatus);
    return new Plan(status, transitions, recheck);
  }

  private static RolloutStatus started(
      String version, String from, TreeSet<Integer> rings, String now, RolloutState state) {
    Integer open =
        state == RolloutState.Complete
            ? (rings.isEmpty() ? null : rings.last())
            : (rings.isEmpty() ? null : rings.first());
    return new RolloutStatus(version, from, state, open, now, null, null, null, null, null, null);
  }

  private static boolean open(RolloutState state, Integer openRing, int ring) {
    return state == RolloutState.Complete || (openRing != null && ring <= openRing);
  }

  private static RingFacts facts(Snapshot s, int ring, RingStatus prev) {
    String version = s.latest();
    List<RolloutSite> sites =
        s.sites().stream().filter(x -> x.ring() == ring && x.followsLatest()).toList();
    RingFacts without =
        new RingFacts(
            ring,
            version,
            s.policy().forRing(ring),
            sites,
            Optional.empty(),
            s.policy().approvals(),
            s.now());
    Optional<Instant> promotedAt =
        Optional.ofNullable(prev)
            .map(RingStatus::promotedAt)
            .flatMap(Conditions::instant)
            .or(() -> without.promotedEnough() ? Optional.of(s.now()) : Optional.empty());
    return new RingFacts(
        ring, version, without.policy(), sites, promotedAt, without.approvals(), s.now());
  }

  private static Optional<Map.Entry<Integer, String>> firstFailure(
      Snapshot s, Map<Integer, RingFacts> facts, Integer openRing) {
    if (openRing == null) {
      return Optional.empty();
    }
    for (RingFacts f : facts.values()) {
      if (f.ring() > openRing) {
        break;
      }
      for (RolloutSite site : f.sites()) {
        Optional<String> why = RingFailure.first(site, f);
        if (why.isPresent()) {
          return Optional.of(Map.entry(f.ring(), why.get()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> soakPasses(RingFacts f) {
    return f.promotedAt().map(at -> at.plusSeconds(60L * f.policy().minSoakMinutes()));
  }

  private static RingStatus ring(
      Snapshot s, RingFacts f, RingStatus prev, boolean open, String waitingFor, String now) {
    int onNew = 0;
    int shadow = 0;
    int failed = 0;
    for (RolloutSite site : f.sites()) {
      if (RingFailure.first(site, f).isPresent()) {
        failed++;
      } else if (site.runs(f.version())) {
        onNew++;
      } else if (site.shadows(f.version())) {
        shadow++;
      }
    }
    int pinned =
        (int) s.sites().stream().filter(x -> x.ring() == f.ring() && !x.followsLatest()).count();
    String openedAt = prev != null && prev.openedAt() != null ? prev.openedAt() : open ? now : null;
    String promotedAt = open ? f.promotedAt().map(Conditions::timestamp).orElse(null) : null;
    return new RingStatus(
        f.ring(),
        openedAt,
        promotedAt,
        f.sites().size(),
        onNew,
        shadow,
        f.sites().size() - onNew - shadow - failed,
        failed,
        pinned,
        waitingFor);
  }

  private static String summary(List<RingStatus> rings, RolloutState state, Integer openRing) {
    List<String> parts = new ArrayList<>();
    for (RingStatus r : rings) {
      StringBuilder b = new StringBuilder().append(r.ring()).append(':');
      if (r.openedAt() == null) {
        b.append("closed");
      } else {
        b.append(r.onNewVersion()).append('/').append(r.sites());
        List<String> more = new ArrayList<>();
        if (r.inShadow() > 0) {
          more.add(r.inShadow() + " shadow");
        }
        if (r.failed() > 0) {
          more.add(r.failed() + " failed");
        }
        if (!more.isEmpty()) {
          b.append('(').append(String.join(", ", more)).append(')');
        }
      }
      parts.add(b.toString());
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }
}
