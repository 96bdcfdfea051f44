package io.plantops.api.v1alpha1;

/** How a site chooses the model version it runs. */
public enum VersionPolicy {
  /** Run exactly templateRef.version; a new pin goes through shadow and its gates. */
  Pinned,
  /** Run the template's highest version; each new one goes through shadow and its gates. */
  FollowLatest
}
