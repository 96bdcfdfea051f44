package io.plantops.sandbox.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodPlanTest {

  static final Path WORK = Path.of("/work/sandbox");

  Volumes.Sources sources =
      new Volumes.Sources() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
          return Optional.of(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .addToData("level", "DEBUG")
                  .build());
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
          return Optional.of(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .addToData(
                      "token",
                      Base64.getEncoder().encodeToString("t0k".getBytes(StandardCharsets.UTF_8)))
                  .build());
        }
      };

  static Deployment deployment(String literal) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("w")
        .withNamespace("plant-a")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withArgs("--flag")
        .addNewEnv()
        .withName("LITERAL")
        .withValue(literal)
        .endEnv()
        .addNewEnv()
        .withName("NS")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("LEVEL")
        .withNewValueFrom()
        .withNewConfigMapKeyRef()
        .withName("cm")
        .withKey("level")
        .endConfigMapKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("TOKEN")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName("s")
        .withKey("token")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/ready")
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  PodPlan plan(Deployment d) throws Volumes.MissingSource {
    return PodPlan.of(
        d, List.of("java", "-jar", "w.jar"), WORK, 41000, WORK.resolve("host-aliases"), sources);
  }

  @Test
  void aPodRunsTheImagesCommandWithItsArgsAndResolvedEnvironment() throws Exception {
    PodPlan p = plan(deployment("one"));
    assertThat(p.command()).containsExactly("java", "-jar", "w.jar", "--flag");
    assertThat(p.env())
        .containsEntry("LITERAL", "one")
        .containsEntry("NS", "plant-a")
        .containsEntry("LEVEL", "DEBUG")
        .containsEntry("TOKEN", "t0k")
        .containsEntry(MountPaths.MOUNT_ROOT_ENV, WORK.resolve("pods/plant-a/w").toString())
        .containsEntry(Ports.HTTP_PORT_ENV, "41000")
        .containsEntry(HostAliases.FILE_ENV, WORK.resolve("host-aliases").toString())
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + 512L * 1024 * 1024);
    assertThat(p.readinessPath()).contains("/ready");
    assertThat(p.log()).isEqualTo(WORK.resolve("logs/plant-a/w.log"));
    assertThat(p.podName()).matches("w-[0-9a-f]{10}");
  }

  @Test
  void theFingerprintFollowsThePodTemplateAndNothingElse() throws Exception {
    assertThat(plan(deployment("one")).fingerprint())
        .isEqualTo(plan(deployment("one")).fingerprint());
    assertThat(plan(deployment("two")).fingerprint())
        .isNotEqualTo(plan(deployment("one")).fingerprint());
    assertThat(plan(deployment("two")).podName()).isNotEqualTo(plan(deployment("one")).podName());
  }
}
