package io.plantops.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.ReferenceStatistics;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.VersionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionResolverTest {

  static ModelVersion model(String version) {
    return new ModelVersion(
        version,
        "file:///models/" + version + ".onnx",
        "0".repeat(64),
        null,
        null,
        null,
        null,
        new ReferenceStatistics(1L, null, List.of()));
  }

  static SiteDeploymentSpec spec(VersionPolicy policy, String pinned) {
    return new SiteDeploymentSpec(
        "lyon", new TemplateRef("kiln", pinned), policy, "tm", null, null, null);
  }

  @Test
  void followLatestPicksTheHighestReleaseBySemanticVersionNotByText() {
    List<ModelVersion> models =
        List.of(model("1.9.0"), model("1.10.0"), model("1.11.0-rc.1"), model("1.2.0"));
    assertThat(VersionResolver.latest(models))
        .get()
        .extracting(ModelVersion::version)
        .isEqualTo("1.10.0");
  }

  @Test
  void followLatestTakesAPreReleaseOnlyWhenThereIsNoRelease() {
    List<ModelVersion> models =
        List.of(model("2.0.0-rc.1"), model("2.0.0-rc.10"), model("2.0.0-beta"));
    // rc.10 > rc.1 numerically; "rc" > "beta" lexically (semver §11.4)
    assertThat(VersionResolver.latest(models))
        .get()
        .extracting(ModelVersion::version)
        .isEqualTo("2.0.0-rc.10");
  }

  @Test
  void pinnedResolvesTheNamedVersion() {
    var r =
        VersionResolver.resolve(
            spec(VersionPolicy.Pinned, "1.2.0"),
            TemplateValidatorTest.kiln(List.of(model("1.2.0"), model("1.3.0"))));
    assertThat(r.version()).get().extracting(ModelVersion::version).isEqualTo("1.2.0");
  }

  @Test
  void pinningAnUnknownVersionNamesTheFieldAndTheVersionsThatExist() {
    var r =
        VersionResolver.resolve(
            spec(VersionPolicy.Pinned, "1.4.0"),
            TemplateValidatorTest.kiln(List.of(model("1.2.0"), model("1.3.0"))));
    assertThat(r.version()).isEmpty();
    assertThat(r.problem())
        .get()
        .asString()
        .contains("spec.templateRef.version 1.4.0")
        .contains("[1.2.0, 1.3.0]")
        .contains("FollowLatest");
  }

  @Test
  void semVerOrdersAPreReleaseBeforeItsRelease() {
    assertThat(SemVer.parse("1.0.0-alpha").orElseThrow())
        .isLessThan(SemVer.parse("1.0.0").orElseThrow());
    assertThat(SemVer.parse("1.0.0-alpha.1").orElseThrow())
        .isLessThan(SemVer.parse("1.0.0-alpha.beta").orElseThrow());
    assertThat(SemVer.parse("01.0.0")).isEmpty();
  }
}
