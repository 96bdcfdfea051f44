package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health checks, run by a real Lua 5.4 interpreter on sample statuses, as Argo CD runs
 * them (a global {@code obj}, the script returns {@code hs}).
 */
class ArgoHealthChecksTest {

  private static final Path DIR =
      Tools.ROOT.resolve("examples/gitops/argocd/install-health-checks/health");

  @BeforeAll
  static void lua() {
    Tools.require("lua5.4");
  }

  /** Runs {@code kind}'s script on {@code obj} and returns "status|message". */
  static String health(String kind, Map<String, Object> obj) throws Exception {
    String script = DIR.resolve(kind + ".lua").toString().replace("\\", "/");
    String program =
        "obj = "
            + lua(obj)
            + "\n"
            + "local hs = dofile('"
            + script
            + "')\n"
            + "io.write(hs.status .. '|' .. (hs.message or ''))\n";
    Tools.Result r = Tools.run(List.of("lua5.4", "-e", program));
    assertThat(r.code()).as(r.out()).isZero();
    return r.out();
  }

  /** A Lua table constructor for a JSON-like value. */
  static String lua(Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .map(ArgoHealthChecksTest::lua)
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .filter(e -> e.getValue() != null)
          .map(e -> "[" + lua(e.getKey()) + "] = " + lua(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    throw new IllegalArgumentException("not JSON-like: " + value);
  }

  static Map<String, Object> obj(long generation, Map<String, Object> status) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("metadata", Map.of("name", "x", "generation", generation));
    o.put("status", status);
    return o;
  }

  static Map<String, Object> cond(String type, String status, String message) {
    return Map.of("type", type, "status", status, "reason", "R", "message", message);
  }

  @Test
  void siteDeploymentIsProgressingUntilTheOperatorHasSeenIt() throws Exception {
    assertThat(health("SiteDeployment", obj(1, null)))
        .startsWith("Progressing|Waiting for the plantops operator");
    assertThat(
            health(
                "SiteDeployment",
                obj(
                    3,
                    Map.of(
                        "observedGeneration",
                        2,
                        "phase",
                        "Advisory",
                        "conditions",
                        List.of(cond("Ready", "True", "ok"))))))
        .startsWith("Progressing|Waiting for the operator to reconcile generation 3");
  }

  @Test
  void siteDeploymentIsHealthyWhenReadyAndSaysWhatIsLive() throws Exception {
    assertThat(
            health(
                "SiteDeployment",
                obj(
                    2,
                    Map.of(
                        "observedGeneration",
                        2,
                        "phase",
                        "Advisory",
                        "conditions",
                        List.of(
                            cond("Ready", "True", "ok"),
                            cond("Promoting", "True", "waiting for plant-manager"))))))
        .isEqualTo("Healthy|Live in Advisory; waiting for plant-manager");
  }

  @Test
  void siteDeploymentIsDegradedAfterARollbackOrWithMissingSignals() throws Exception {
    assertThat(
            health(
                "SiteDeployment",
                obj(
                    2,
                    Map.of(
                        "observedGeneration",
                        2,
                        "phase",
                        "Advisory",
                        "conditions",
                        List.of(
                            cond("Ready", "True", "ok"),
                            cond(
                                "Degraded",
                                "True",
                                "rolled back: drift Alert on kiln.feed.rate"))))))
        .isEqualTo("Degraded|rolled back: drift Alert on kiln.feed.rate");
    assertThat(
            health(
                "SiteDeployment",
                obj(
                    1,
                    Map.of(
                        "observedGeneration",
                        1,
                        "phase",
                        "Pending",
                        "conditions",
                        List.of(cond("InputsCovered", "False", "missing: kiln.inlet.o2"))))))
        .isEqualTo("Degraded|missing: kiln.inlet.o2");
    assertThat(
            health(
                "SiteDeployment",
                obj(
                    1,
                    Map.of(
                        "observedGeneration",
                        1,
                        "phase",
                        "Failed",
                        "conditions",
                        List.of(cond("Ready", "False", "calibration outside template limits"))))))
        .isEqualTo("Degraded|calibration outside template limits");
  }

  @Test
  void plantFollowsItsPhase() throws Exception {
    assertThat(
            health(
                "Plant",
                obj(
                    1,
                    Map.of(
                        "observedGeneration",
                        1,
                        "phase",
                        "Ready",
                        "conditions",
                        List.of(cond("Ready", "True", "ok"))))))
        .isEqualTo("Healthy|Plant ready");
    assertThat(
            health(
                "Plant",
                obj(
                    1,
                    Map.of(
                        "observedGeneration",
                        1,
                        "phase",
                        "Onboarding",
                        "conditions",
                        List.of(cond("Ready", "False", "waiting for first data"))))))
        .isEqualTo("Progressing|waiting for first data");
    assertThat(
            health(
                "Plant",
                obj(
                    1,
                    Map.of(
                        "observedGeneration",
                        1,
                        "phase",
                        "Degraded",
                        "conditions",
                        List.of(cond("Degraded", "True", "connector disconnected"))))))
        .isEqualTo("Degraded|connector disconnected");
  }

  @Test
  void mappingsAndTemplatesFollowValid() throws Exception {
    for (String kind : List.of("TagMapping", "UseCaseTemplate")) {
      assertThat(
              health(
                  kind,
                  obj(
                      1,
                      Map.of(
                          "observedGeneration",
                          1,
                          "conditions",
                          List.of(cond("Valid", "True", "11 signals"))))))
          .isEqualTo("Healthy|11 signals");
      assertThat(
              health(
                  kind,
                  obj(
                      1,
                      Map.of(
                          "observedGeneration",
                          1,
                          "conditions",
                          List.of(
                              cond(
                                  "Valid",
                                  "False",
                                  "spec.mappings[2].unit: t/h does not convert to °C"))))))
          .isEqualTo("Degraded|spec.mappings[2].unit: t/h does not convert to °C");
      assertThat(health(kind, obj(1, null))).startsWith("Progressing|");
    }
  }

  @Test
  void theInstallKustomizationShipsEveryScriptUnderArgoCdsKey() throws Exception {
    Tools.require("kubectl");
    var docs =
        GitOpsOverlaysTest.documents(
            Tools.run(List.of("kubectl", "kustomize", DIR.getParent().toString())).out());
    assertThat(docs).hasSize(1);
    var data = docs.get(0).path("data");
    for (String kind : List.of("Plant", "TagMapping", "SiteDeployment", "UseCaseTemplate")) {
      assertThat(data.path("resource.customizations.health.plantops.io_" + kind).asText())
          .isEqualTo(Files.readString(DIR.resolve(kind + ".lua")));
    }
  }
}
