package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's main command as a user runs it: the sandbox jar in its own JVM, stopped with Ctrl-C
 * (SIGINT). Everything it started must be gone afterwards, and a second start must work.
 *
 * <p>A process started in the background by a non-interactive shell inherits SIGINT ignored, and
 * the JVM then never sees Ctrl-C; {@code perl} (part of every Debian system) restores the default
 * disposition before it execs the JVM, as an interactive terminal would have it.
 */
class SandboxCtrlCIT {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();

  @Test
  void ctrlCStopsEverythingItStartedAndASecondStartWorks() throws Exception {
    Path work = ROOT.resolve("e2e/target/ctrl-c-sandbox");
    for (int run = 1; run <= 2; run++) {
      List<String> output = new CopyOnWriteArrayList<>();
      Process sandbox = launch(work, output);
      try {
        // the operator, a simulator, an inference server and a connector (the API server runs
        // inside the sandbox's own JVM)
        Path pidFile = work.resolve("pids");
        await("run " + run + ": the sandbox's table and its 4 processes in " + pidFile)
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .failFast("the sandbox exited early", () -> !sandbox.isAlive())
            .until(
                () ->
                    output.stream().anyMatch(l -> l.contains("metrics endpoints:"))
                        && Files.exists(pidFile)
                        && pids(pidFile).size() >= 4);
        List<Long> pids = pids(pidFile);
        assertThat(pids)
            .allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));

        interrupt(sandbox.pid());
        assertThat(sandbox.waitFor(90, TimeUnit.SECONDS)).as("run %d: sandbox exits", run).isTrue();
        assertThat(String.join("\n", output)).contains("nothing is left running");
        for (long pid : pids) {
          assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
              .as("run %d: pid %d still running after Ctrl-C", run, pid)
              .isFalse();
        }
        assertThat(sandbox.descendants().filter(ProcessHandle::isAlive)).isEmpty();
      } finally {
        sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
        sandbox.destroyForcibly();
      }
    }
  }

  private static Process launch(Path work, List<String> output) throws IOException {
    Path jar = ROOT.resolve("e2e/target/plantops-sandbox.jar");
    assertThat(jar).as("the sandbox jar is built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.addAll(List.of("perl", "-e", "$SIG{INT}='DEFAULT'; exec @ARGV or die $!"));
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dplantops.root=" + ROOT,
            "-jar",
            jar.toString(),
            "--port",
            "0",
            "--plants",
            "lyon",
            "--interval",
            "2",
            "--work-dir",
            work.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            "sandbox-output");
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  private static List<Long> pids(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Long::parseLong)
        .toList();
  }

  private static void interrupt(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }
}
