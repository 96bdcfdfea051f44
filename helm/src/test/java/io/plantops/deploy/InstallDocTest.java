package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.expressions.manifest.ManifestValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/install.md: every command says how it is checked; the {@code helm install} and {@code helm
 * upgrade} lines render the chart with exactly their flags, and every manifest a {@code kubectl
 * apply -f} line sends is valid against the CRDs.
 */
class InstallDocTest {

  static final Path DOC = Tools.ROOT.resolve("docs/install.md");
  static final Pattern MARK =
      Pattern.compile(
          "#\\s*(run by CI|needs a cluster|needs a registry|checked by InstallDocTest)");
  static List<String> commands;

  @BeforeAll
  static void read() throws Exception {
    commands = new ArrayList<>();
    boolean inShell = false;
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("```")) {
        inShell = !inShell && line.equals("```sh");
        continue;
      }
      if (inShell && !line.isBlank()) {
        commands.add(line);
      }
    }
  }

  @Test
  void everyCommandSaysHowItIsChecked() {
    assertThat(commands).hasSizeGreaterThan(10);
    assertThat(commands).allSatisfy(c -> assertThat(MARK.matcher(c).find()).as(c).isTrue());
    assertThat(commands)
        .filteredOn(c -> c.startsWith("helm install") || c.startsWith("helm upgrade"))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).contains("checked by InstallDocTest"));
  }

  @Test
  void helmInstallAndUpgradeLinesRenderTheChartWithTheirFlags() throws Exception {
    for (String c : commands) {
      if (!c.startsWith("helm install") && !c.startsWith("helm upgrade")) {
        continue;
      }
      String command = c.substring(0, c.indexOf('#')).strip();
      assertThat(command).contains(" helm/plantops ").contains("--namespace plantops-system");
      List<String[]> sets = new ArrayList<>();
      Matcher m = Pattern.compile("--set ([^=\\s]+)=(\\S+)").matcher(command);
      while (m.find()) {
        sets.add(new String[] {m.group(1), m.group(2)});
      }
      assertThat(sets).as(command).isNotEmpty();
      HelmChartTest.Rendered r =
          HelmChartTest.render(
              t -> {
                for (String[] s : sets) {
                  t.set(s[0], s[1]);
                }
              });
      String tag = sets.stream().filter(s -> s[0].equals("image.tag")).findFirst().orElseThrow()[1];
      assertThat(r.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .as(command)
          .endsWith(":" + tag);
    }
  }

  @Test
  void everyManifestAKubectlApplyLineSendsIsValid() throws Exception {
    ManifestValidator validator = ManifestValidator.fromCrdDirectory(Tools.ROOT.resolve("crds"));
    int checked = 0;
    for (String c : commands) {
      Matcher m = Pattern.compile("^kubectl apply -f (examples/\\S+)").matcher(c);
      if (!m.find()) {
        continue;
      }
      Path dir = Tools.ROOT.resolve(m.group(1));
      assertThat(dir).as(c).isDirectory();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          for (JsonNode d : GitOpsOverlaysTest.documents(Files.readString(f))) {
            if (d.path("apiVersion").asText().startsWith("plantops.io/")) {
              assertThat(validator.validate(d)).as("%s in %s", f, c).isEmpty();
              checked++;
            }
          }
        }
      }
    }
    assertThat(checked).as("plantops manifests applied by the page").isGreaterThanOrEqualTo(5);
  }
}
