package io.plantops.connector.browse;

import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;

/**
 * Renders a {@link Suggestion} as a draft TagMapping YAML: valid against the TagMapping CRD, with
 * each entry's confidence and reasons, and the unmatched signals, as comments for the reviewer.
 * Written by {@link OnboardingManifests}, which also writes it with the Plant and SiteDeployment.
 */
public final class TagMappingDraft {

  private TagMappingDraft() {}

  /** The YAML text, setpoints mapped ReadWrite. */
  public static String render(
      Suggestion s, String name, String namespace, String plant, String source) {
    return OnboardingManifests.tagMappingDraft(
        s, new OnboardingManifests.Names(plant, namespace, name, null), null, source);
  }

  /**
   * The YAML text, setpoints mapped ReadWrite only when a session with {@code opcua} may write
   * ({@link OnboardingManifests#readOnlyReason}); otherwise Read, with a comment saying why.
   */
  public static String render(
      Suggestion s,
      String name,
      String namespace,
      String plant,
      String source,
      OpcUaSettings opcua) {
    return OnboardingManifests.tagMappingDraft(
        s,
        new OnboardingManifests.Names(plant, namespace, name, null),
        OnboardingManifests.readOnlyReason(opcua),
        source);
  }
}
