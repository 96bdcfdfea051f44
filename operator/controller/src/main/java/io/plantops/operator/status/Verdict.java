package io.plantops.operator.status;

import io.plantops.api.v1alpha1.ConditionStatus;

/**
 * A condition's status, reason and message, worked out apart from the aggregator that sets it: the
 * aggregator stays the only place that sets a kind's conditions, the rule behind a condition can
 * live in a class of its own.
 *
 * @param status True, False or Unknown
 * @param reason machine-readable reason
 * @param message what a person reads
 */
public record Verdict(ConditionStatus status, Reason reason, String message) {}
