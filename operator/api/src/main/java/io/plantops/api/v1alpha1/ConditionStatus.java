package io.plantops.api.v1alpha1;

/** The three values of a Kubernetes condition status. */
public enum ConditionStatus {
  True,
  False,
  Unknown
}
