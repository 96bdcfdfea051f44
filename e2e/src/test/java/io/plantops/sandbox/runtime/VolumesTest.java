package io.plantops.sandbox.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {

  static final Path ROOT = Path.of("/pods/plant-a/w");

  Map<String, ConfigMap> configMaps =
      Map.of(
          "cfg",
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("cfg")
              .endMetadata()
              .addToData("config.json", "{\"v\":1}")
              .addToData("other", "x")
              .addToBinaryData("blob", Base64.getEncoder().encodeToString(new byte[] {1, 2}))
              .build());
  Map<String, Secret> secrets =
      Map.of(
          "user",
          new SecretBuilder()
              .withNewMetadata()
              .withName("user")
              .endMetadata()
              .addToData("username", b64("operator1"))
              .addToStringData("password", "secret")
              .build());
  Volumes.Sources sources =
      new Volumes.Sources() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
          return Optional.ofNullable(configMaps.get(name));
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
          return Optional.ofNullable(secrets.get(name));
        }
      };

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  Container mounts(String... nameAndPath) {
    ContainerBuilder c = new ContainerBuilder().withName("main");
    for (int i = 0; i < nameAndPath.length; i += 2) {
      c.addNewVolumeMount()
          .withName(nameAndPath[i])
          .withMountPath(nameAndPath[i + 1])
          .endVolumeMount();
    }
    return c.build();
  }

  @Test
  void projectsEveryKeyOfAConfigMapAndASecretAsFilesUnderTheMountRoot() throws Exception {
    PodSpec pod =
        new PodSpecBuilder()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("cfg")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("creds")
            .withNewSecret()
            .withSecretName("user")
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName("data")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .build();
    Volumes.Projection p =
        Volumes.project(
            "plant-a",
            "plant-a/w",
            ROOT,
            pod,
            mounts("config", "/etc/plantops", "creds", "/var/run/user", "data", "/var/lib/data"),
            sources);
    assertThat(p.files())
        .containsOnlyKeys(
            ROOT.resolve("etc/plantops/config.json"),
            ROOT.resolve("etc/plantops/other"),
            ROOT.resolve("etc/plantops/blob"),
            ROOT.resolve("var/run/user/username"),
            ROOT.resolve("var/run/user/password"));
    assertThat(text(p.files().get(ROOT.resolve("etc/plantops/config.json"))))
        .isEqualTo("{\"v\":1}");
    assertThat(p.files().get(ROOT.resolve("etc/plantops/blob"))).containsExactly(1, 2);
    assertThat(text(p.files().get(ROOT.resolve("var/run/user/username")))).isEqualTo("operator1");
    assertThat(text(p.files().get(ROOT.resolve("var/run/user/password")))).isEqualTo("secret");
    assertThat(p.emptyDirs()).containsExactly(ROOT.resolve("var/lib/data"));
  }

  @Test
  void projectsOnlyTheListedItemsUnderTheirPaths() throws Exception {
    PodSpec pod =
        new PodSpecBuilder()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("cfg")
            .addNewItem()
            .withKey("config.json")
            .withPath("plant.json")
            .endItem()
            .endConfigMap()
            .endVolume()
            .build();
    Volumes.Projection p =
        Volumes.project("plant-a", "plant-a/w", ROOT, pod, mounts("config", "/etc/x"), sources);
    assertThat(p.files()).containsOnlyKeys(ROOT.resolve("etc/x/plant.json"));
  }

  @Test
  void aMissingSourceBlocksThePodUnlessTheVolumeIsOptional() throws Exception {
    PodSpec missing =
        new PodSpecBuilder()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("absent")
            .endConfigMap()
            .endVolume()
            .build();
    assertThatThrownBy(
            () ->
                Volumes.project(
                    "plant-a", "plant-a/w", ROOT, missing, mounts("config", "/etc/x"), sources))
        .isInstanceOf(Volumes.MissingSource.class)
        .hasMessage("configmap \"absent\" not found");
    PodSpec optional =
        new PodSpecBuilder()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("absent")
            .withOptional(true)
            .endConfigMap()
            .endVolume()
            .build();
    assertThat(
            Volumes.project(
                    "plant-a", "plant-a/w", ROOT, optional, mounts("config", "/etc/x"), sources)
                .files())
        .isEmpty();
    assertThatThrownBy(
            () ->
                Volumes.project(
                    "plant-a", "plant-a/w", ROOT, optional, mounts("undefined", "/etc/y"), sources))
        .isInstanceOf(Volumes.MissingSource.class)
        .hasMessage("volume undefined is mounted but not defined");
  }

  @Test
  void rewritesAChangedFileInPlaceAndLeavesAnUnchangedOneAlone(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("etc/a");
    Path b = dir.resolve("etc/b");
    ProjectedFiles files = new ProjectedFiles("w");
    files.write(
        new Volumes.Projection(
            Map.of(
                a, "1".getBytes(StandardCharsets.UTF_8), b, "x".getBytes(StandardCharsets.UTF_8)),
            java.util.List.of(dir.resolve("data"))));
    var bModified = Files.getLastModifiedTime(b);
    Files.setLastModifiedTime(b, java.nio.file.attribute.FileTime.fromMillis(0));
    files.write(
        new Volumes.Projection(
            Map.of(
                a, "2".getBytes(StandardCharsets.UTF_8), b, "x".getBytes(StandardCharsets.UTF_8)),
            java.util.List.of(dir.resolve("data"))));
    assertThat(Files.readString(a)).isEqualTo("2");
    assertThat(Files.getLastModifiedTime(b).toMillis()).as("b was not rewritten").isZero();
    assertThat(bModified.toMillis()).isPositive();
    assertThat(dir.resolve("data")).isDirectory();
  }
}
