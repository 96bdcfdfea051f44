package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's API server holds the chart's RBAC objects, rendered with the sandbox's groups bound
 * as a cluster administrator would bind them (e2e SandboxUser names the users of these groups). The
 * rendered copy is committed so that the sandbox needs no helm at run time; this test fails when it
 * is stale.
 */
class SandboxRbacTest {

  static final Path RENDERED =
      Tools.ROOT.resolve("e2e/src/main/resources/io/plantops/sandbox/rbac/chart-rbac.yaml");

  static final Set<String> RBAC_KINDS =
      Set.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  static String render() throws Exception {
    HelmChartTest.Rendered r =
        HelmChartTest.render(
            t ->
                t.set("rbac.humanRoles.corporateGroups[0]", "corporate-ai")
                    .set("rbac.humanRoles.plantTeams.plant-lyon[0]", "lyon-engineers")
                    .set("rbac.humanRoles.plantTeams.plant-joliet[0]", "joliet-engineers")
                    .set("rbac.humanRoles.plantTeams.plant-alpena[0]", "alpena-engineers")
                    .set(
                        "rbac.approverRoles.corporateBindings.corporate-ai-lead[0]",
                        "corporate-ai-leads")
                    .set(
                        "rbac.approverRoles.plantBindings.plant-lyon.plant-process-engineer[0]",
                        "lyon-process-engineers")
                    .set(
                        "rbac.approverRoles.plantBindings.plant-lyon.plant-quality-manager[0]",
                        "lyon-quality-managers")
                    .set(
                        "rbac.approverRoles.plantBindings.plant-lyon.plant-manager[0]",
                        "lyon-managers"));
    StringBuilder out =
        new StringBuilder(
            "# The chart's RBAC objects as the sandbox's API server holds them, rendered with the\n"
                + "# sandbox's groups bound (helm/src/test/.../SandboxRbacTest). Regenerate with\n"
                + "# ./mvnw -pl helm -am verify -Dtest=SandboxRbacTest -Dplantops.regenerate=true\n");
    for (JsonNode o : r.objects().values()) {
      if (RBAC_KINDS.contains(o.path("kind").asText())) {
        out.append(HelmChartTest.YAML.writeValueAsString(o));
      }
    }
    return out.toString();
  }

  @Test
  void committedSandboxRbacIsTheChartsRbac() throws Exception {
    String fresh = render();
    if (Boolean.getBoolean("plantops.regenerate")) {
      Files.createDirectories(RENDERED.getParent());
      Files.writeString(RENDERED, fresh, StandardCharsets.UTF_8);
    }
    assertThat(RENDERED).as("the sandbox's RBAC objects are missing").exists();
    assertThat(Files.readString(RENDERED, StandardCharsets.UTF_8))
        .as(
            RENDERED
                + " differs from the chart; regenerate with ./mvnw -pl helm -am verify"
                + " -Dtest=SandboxRbacTest -Dplantops.regenerate=true")
        .isEqualTo(fresh);
  }
}
