package io.plantops.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How plantops calls podman, the Java side of {@code images/podman/podman.sh}: as root on the build
 * machines podman needs runc and cgroupfs ({@code --runtime /usr/sbin/runc --cgroup-manager
 * cgroupfs}) and a containers.conf without default ulimits; elsewhere podman's own settings apply.
 * Containers reach each other over the host network.
 */
public final class Podman {

  private static final Path RUNC = Path.of("/usr/sbin/runc");

  private final List<String> prefix;

  private Podman(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  /**
   * Podman as plantops calls it on this machine, or why it cannot run here.
   *
   * @param root the repository root (for images/podman/containers.conf)
   */
  public static Availability detect(Path root) {
    String conf =
        Optional.ofNullable(System.getenv("CONTAINERS_CONF"))
            .filter(c -> !c.isBlank())
            .orElse(root.resolve("images/podman/containers.conf").toString());
    // through env(1), so that any process builder, ours or a caller's, runs podman the same way
    List<String> prefix = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "podman"));
    if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(RUNC)) {
      prefix.addAll(List.of("--runtime", RUNC.toString(), "--cgroup-manager", "cgroupfs"));
    }
    Podman podman = new Podman(prefix);
    try {
      Result info =
          podman.run(Duration.ofSeconds(30), "info", "--format", "{{.Host.OCIRuntime.Name}}");
      if (info.exitCode() != 0) {
        return new Availability(
            Optional.empty(),
            "podman info fails: " + lastLine(info.output()).orElse("exit " + info.exitCode()));
      }
      return new Availability(Optional.of(podman), "");
    } catch (IOException e) {
      return new Availability(
          Optional.empty(),
          "podman is not installed (Debian: apt-get install podman runc; .ci/run does it): "
              + e.getMessage());
    }
  }

  /** Podman, or the reason it cannot run here. */
  public record Availability(Optional<Podman> podman, String reason) {}

  /** What a podman command printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {

    /** The output, or an exception naming the command when it failed. */
    public String orThrow(List<String> command) {
      if (exitCode != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
      }
      return output;
    }
  }

  /**
   * The command line of {@code podman args...}, with this machine's global flags and
   * containers.conf.
   */
  public List<String> command(List<String> args) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(args);
    return command;
  }

  /** A process builder for {@code podman args...}. */
  public ProcessBuilder processBuilder(List<String> args) {
    return new ProcessBuilder(command(args));
  }

  /** Runs {@code podman args...} to its end, within {@code timeout}. */
  public Result run(Duration timeout, String... args) throws IOException {
    ProcessBuilder pb = processBuilder(List.of(args)).redirectErrorStream(true);
    Path out = Files.createTempFile("podman-", ".out");
    try {
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      boolean done;
      try {
        done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted: podman " + String.join(" ", args), e);
      }
      if (!done) {
        p.destroyForcibly();
        throw new IOException("podman " + String.join(" ", args) + " took more than " + timeout);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs {@code podman args...} and returns its output; fails naming the command. */
  public String call(Duration timeout, String... args) throws IOException {
    return run(timeout, args).orThrow(command(List.of(args)));
  }

  private static Optional<String> lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank()
        ? Optional.empty()
        : Optional.of(lines[lines.length - 1]);
  }
}
