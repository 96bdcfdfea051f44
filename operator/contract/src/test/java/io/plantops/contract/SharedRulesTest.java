package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A rule that two modules need lives once, in this module. This test reads every main source file
 * of the repository and fails when a second copy of a shared rule appears, naming the file and the
 * class to use instead. The checks are textual, so they are cheap and catch the usual way a copy
 * comes back: a helper written again because nobody knew the shared one existed.
 */
class SharedRulesTest {

  private static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "../..")).normalize();

  /** A rule, the pattern that betrays a copy of it, and the one file allowed to hold it. */
  enum Rule {
    DIGEST(
        "a SHA-256 helper",
        "MessageDigest\\.getInstance\\(",
        null,
        "operator/contract/src/main/java/io/plantops/contract/rules/Digests.java",
        "use io.plantops.contract.rules.Digests"),
    BACKOFF(
        "a hand-written backoff",
        "(?i)(MAX_BACKOFF|backoff\\w*\\s*=\\s*[^;]*(\\*\\s*2|multipliedBy\\(2\\)))",
        null,
        "operator/contract/src/main/java/io/plantops/contract/rules/Backoff.java",
        "use io.plantops.contract.rules.Backoff"),
    STALENESS(
        "a staleness rule",
        "staleAfterIntervals\\(\\)",
        // the operator renders the Plant's count into the config; only the workloads apply it
        "operator/",
        "operator/contract/src/main/java/io/plantops/contract/rules/Staleness.java",
        "use io.plantops.contract.rules.Staleness"),
    CONFIG_WATCHER(
        "a config watcher",
        "class\\s+\\w*ConfigWatcher\\b",
        null,
        "operator/contract/src/main/java/io/plantops/contract/ConfigWatcher.java",
        "use io.plantops.contract.ConfigWatcher"),
    NODE_ID_SYNTAX(
        "NodeId syntax",
        "ns=\\\\\\\\d|startsWith\\(\"nsu?=\"\\)",
        null,
        "operator/contract/src/main/java/io/plantops/contract/opcua/NodeIdSyntax.java",
        "use io.plantops.contract.opcua.NodeIdSyntax"),
    TEMPLATE_READER(
        "a template reader",
        "spec\\w*(\\(\\))?\\.(path|get)\\(\"(inputs|outputs|observedSignals)\"\\)",
        null,
        "operator/contract/src/main/java/io/plantops/contract/template/TemplateView.java",
        "use io.plantops.contract.template.TemplateView"),
    UNECE_TABLE(
        "a UNECE code table or EUInformation unitId packing",
        "\"(CEL|FAH|KEL|E18|F31|TNE|KGM|LBR|STN|4W|RPM|P1)\"|<<\\s*8\\s*\\||>>>\\s*shift",
        null,
        "operator/contract/src/main/java/io/plantops/contract/units/UneceUnits.java",
        "use io.plantops.contract.units.UneceUnits"),
    WIRE_STATE_ENUM(
        "a second declaration of a wire-state enum",
        "enum\\s+(DriftStatus|ModelLoadState|SessionState|SkipReason|WriteReason|BaselineSource"
            + "|KpiAssessment|ModelRefusalReason)\\b",
        null,
        "operator/contract/src/main/java/io/plantops/contract/",
        "use the enum of io.plantops.contract");

    final String what;
    final Pattern copy;
    final String exempt;
    final String owner;
    final String fix;

    /**
     * @param exempt a path prefix where the pattern is not a copy (null: none)
     */
    Rule(String what, String copy, String exempt, String owner, String fix) {
      this.what = what;
      this.copy = Pattern.compile(copy);
      this.exempt = exempt;
      this.owner = owner;
      this.fix = fix;
    }
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void everySharedRuleExistsOnce(Rule rule) {
    Set<String> copies = new TreeSet<>();
    for (Path file : mainSources()) {
      String rel = ROOT.relativize(file).toString().replace('\\', '/');
      if (rel.startsWith(rule.owner) || (rule.exempt != null && rel.startsWith(rule.exempt))) {
        continue;
      }
      if (rule.copy.matcher(read(file)).find()) {
        copies.add(rel);
      }
    }
    assertThat(copies).as("%s outside %s: %s", rule.what, rule.owner, rule.fix).isEmpty();
  }

  private static List<Path> mainSources() {
    Predicate<Path> main =
        p -> {
          String s = p.toString().replace('\\', '/');
          return s.endsWith(".java") && s.contains("/src/main/java/") && !s.contains("/target/");
        };
    try (Stream<Path> files = Files.walk(ROOT)) {
      List<Path> found =
          files
              .filter(main)
              .filter(
                  p -> !p.toString().contains("/.git/") && !p.toString().contains("/node_modules/"))
              .toList();
      assertThat(found).as("main sources under " + ROOT).isNotEmpty();
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
