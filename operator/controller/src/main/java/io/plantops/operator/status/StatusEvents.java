package io.plantops.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.metrics.OperatorMetrics;
import java.util.List;

/**
 * Turns condition flips into Kubernetes Events: a Warning when a condition turns bad (False, or
 * True for Degraded and RolledBack; Promoting and InputsSubstituted are never bad), a Normal event
 * when it recovers or flips. A condition that appears for the first time is an event only when it
 * is bad and not Ready (every new resource starts not ready), so that a healthy resource created,
 * or an operator restarted, emits nothing. The event's reason is the condition's.
 */
final class StatusEvents {

  private StatusEvents() {}

  /** Emits one event per significant condition change. */
  static void conditions(
      EventRecorder events,
      HasMetadata resource,
      OperatorMetrics.Kind kind,
      List<Conditions.Change> changes) {
    for (Conditions.Change c : changes) {
      boolean bad = bad(c.type(), c.to());
      if (c.from().isEmpty()) {
        if (!bad || ConditionTypes.READY.equals(c.type())) {
          continue;
        }
      } else if (c.to() == ConditionStatus.Unknown) {
        continue;
      }
      events.emit(
          resource,
          kind,
          bad ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
          c.reason(),
          c.type() + " " + c.to() + ": " + c.message());
    }
  }

  static boolean bad(String type, ConditionStatus status) {
    return switch (type) {
      // abnormal-true conditions: True is the problem
      case ConditionTypes.DEGRADED, ConditionTypes.ROLLED_BACK -> status == ConditionStatus.True;
      // a promotion waiting or none to make is not a problem either way; a refusal or a
      // rollback has its own Warning (history events and RolledBack)
      case ConditionTypes.PROMOTING -> false;
      // declared substitutes are a visible choice, not a fault: a change of them is a Normal
      // event; holding a site at Advisory for them is Ready's reason
      case ConditionTypes.INPUTS_SUBSTITUTED -> false;
      default -> status == ConditionStatus.False;
    };
  }
}
