package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which model version of a template a SiteDeployment's version policy selects: {@code Pinned} runs
 * {@code templateRef.version}, {@code FollowLatest} the highest release (pre-releases only when the
 * template has no release at all, since following "latest" should not pull release candidates).
 */
public final class VersionResolver {

  private VersionResolver() {}

  /**
   * The selected version.
   *
   * @param version the model version, when the policy selects one
   * @param problem why none is selected, naming the field and the fix
   */
  public record Resolution(Optional<ModelVersion> version, Optional<String> problem) {
    static Resolution of(ModelVersion v) {
      return new Resolution(Optional.of(v), Optional.empty());
    }

    static Resolution problem(String message) {
      return new Resolution(Optional.empty(), Optional.of(message));
    }
  }

  /** Resolves the version {@code spec} selects from {@code template}. */
  public static Resolution resolve(SiteDeploymentSpec spec, UseCaseTemplateSpec template) {
    return resolve(spec, template, Optional.empty());
  }

  /**
   * Resolves the version {@code spec} selects from {@code template} while a fleet rollout lets the
   * site's ring run {@code ringVersion}: FollowLatest then follows that version as long as the
   * template has it; Pinned is never moved.
   */
  public static Resolution resolve(
      SiteDeploymentSpec spec, UseCaseTemplateSpec template, Optional<String> ringVersion) {
    String templateName = spec.templateRef().name();
    if (spec.versionPolicy() == VersionPolicy.FollowLatest) {
      Optional<ModelVersion> ring =
          ringVersion.flatMap(
              v -> template.models().stream().filter(m -> v.equals(m.version())).findFirst());
      return ring.or(() -> latest(template.models()))
          .map(Resolution::of)
          .orElseGet(
              () ->
                  Resolution.problem(
                      "UseCaseTemplate "
                          + templateName
                          + " has no model version with a valid semantic version; the corporate"
                          + " team must release one in spec.models"));
    }
    String pinned = spec.templateRef().version();
    if (pinned == null || pinned.isBlank()) {
      return Resolution.problem(
          "spec.templateRef.version is required with versionPolicy Pinned: pin one of "
              + versions(template.models())
              + " or use versionPolicy FollowLatest");
    }
    return template.models().stream()
        .filter(m -> pinned.equals(m.version()))
        .findFirst()
        .map(Resolution::of)
        .orElseGet(
            () ->
                Resolution.problem(
                    "spec.templateRef.version "
                        + pinned
                        + " is not a version of UseCaseTemplate "
                        + templateName
                        + " "
                        + versions(template.models())
                        + ": pin one of them or use versionPolicy FollowLatest"));
  }

  /** The highest release, or the highest pre-release when there is no release. */
  public static Optional<ModelVersion> latest(List<ModelVersion> models) {
    Comparator<ModelVersion> bySemVer =
        Comparator.comparing(m -> SemVer.parse(m.version()).orElseThrow());
    List<ModelVersion> parseable =
        models.stream().filter(m -> SemVer.parse(m.version()).isPresent()).toList();
    Optional<ModelVersion> release =
        parseable.stream()
            .filter(m -> SemVer.parse(m.version()).orElseThrow().isRelease())
            .max(bySemVer);
    return release.isPresent() ? release : parseable.stream().max(bySemVer);
  }

  private static List<String> versions(List<ModelVersion> models) {
    return models.stream().map(ModelVersion::version).toList();
  }
}
