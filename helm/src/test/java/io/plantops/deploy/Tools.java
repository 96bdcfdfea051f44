package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Command-line tools the deployment tests drive for real: kubectl (kustomize), lua5.4. */
final class Tools {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();

  private Tools() {}

  record Result(int code, String out) {}

  /** Skips locally when the tool is missing; fails under CI, where .ci/run installs it. */
  static void require(String tool) {
    boolean present = onPath(tool);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(tool + " is not on the PATH; .ci/run installs it");
    }
    assumeTrue(present, tool + " is not on the PATH; skipping (CI installs it)");
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Result(p.exitValue(), out);
  }
}
