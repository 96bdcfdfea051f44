package io.plantops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs {@code promtool check metrics} (Debian package prometheus) on an exposition. */
final class Promtool {

  private Promtool() {}

  static void assertCheckMetricsPasses(String exposition, Path dir) throws Exception {
    String promtool = find();
    if (promtool == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("promtool is not installed but CI=true: install the Debian package 'prometheus'");
      }
      assumeTrue(false, "promtool not installed (apt-get install prometheus); check skipped");
    }
    Path in = dir.resolve("metrics.txt");
    Files.writeString(in, exposition);
    Process p =
        new ProcessBuilder(promtool, "check", "metrics")
            .redirectInput(in.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics:%n%s%n%s", output, exposition).isZero();
  }

  private static String find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
