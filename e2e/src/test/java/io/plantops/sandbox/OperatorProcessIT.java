package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.contract.rules.Backoff;
import io.plantops.sandbox.api.SandboxApiServer;
import io.plantops.sandbox.runtime.ProcessReport;
import io.plantops.sandbox.runtime.ProcessSupervisor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The sandbox keeps its operator running as a cluster keeps a Deployment's pod: killed with
 * SIGKILL, it is started again after its back-off, each restart logged and reported with its exit
 * code; one that keeps crashing waits longer each time, up to the cap.
 */
class OperatorProcessIT {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();
  static final Pattern RESTART_IN = Pattern.compile("restart #(\\d+) in (\\d+) ms");

  @TempDir Path work;
  ListAppender<ILoggingEvent> log;
  Logger supervisorLogger;

  @BeforeEach
  void captureTheSupervisorsLog() {
    supervisorLogger = (Logger) LoggerFactory.getLogger(ProcessSupervisor.class);
    log = new ListAppender<>();
    log.start();
    supervisorLogger.addAppender(log);
  }

  @AfterEach
  void release() {
    supervisorLogger.detachAppender(log);
  }

  List<ILoggingEvent> logged() {
    synchronized (log) {
      return new ArrayList<>(log.list);
    }
  }

  /** (restart number, delay in ms) of each "restart #n in x ms" line, in order. */
  List<Map.Entry<Integer, Long>> restartDelays() {
    List<Map.Entry<Integer, Long>> delays = new ArrayList<>();
    for (ILoggingEvent e : logged()) {
      Matcher m = RESTART_IN.matcher(e.getFormattedMessage());
      if (m.find()) {
        delays.add(Map.entry(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))));
      }
    }
    return delays;
  }

  @Test
  void aKilledOperatorIsRestartedAfterItsBackOffReportedAndReconcilesAgain() throws Exception {
    Path jar = Artifacts.jar(ROOT, "operator/controller", "plantops-operator", "-exec.jar");
    try (SandboxApiServer api = SandboxApiServer.start(ROOT.resolve("crds"), 0);
        KubernetesClient client = api.newClient()) {
      Path kubeconfig = api.writeKubeconfig(work.resolve("kubeconfig"));
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(OperatorProcess.SYSTEM_NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      Path aliases = Files.writeString(work.resolve("host-aliases"), "");
      List<Long> started = new CopyOnWriteArrayList<>();
      Duration backoff = Duration.ofSeconds(2);
      try (OperatorProcess operator =
          OperatorProcess.start(
              jar,
              kubeconfig,
              aliases,
              Duration.ofSeconds(5),
              work.resolve("operator"),
              work.resolve("logs/operator.log"),
              new Backoff(backoff, Duration.ofSeconds(30), 0, new Random(1)),
              started::add)) {
        await("the operator ready (log " + operator.log() + ")")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(operator::ready);
        long first = operator.pid();

        Process kill = new ProcessBuilder("kill", "-9", Long.toString(first)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        await("reported down")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> !operator.report().running());

        await("restarted and ready again (log " + operator.log() + ")")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> operator.ready() && operator.pid() != first);
        ProcessReport report = operator.report();
        assertThat(report.running()).isTrue();
        assertThat(report.restarts()).isEqualTo(1);
        assertThat(report.lastExit()).map(ProcessReport.Exit::code).contains(137);
        assertThat(started).containsExactly(first, operator.pid());

        // logged: the exit with its code and the back-off, then the restart after the back-off
        List<ILoggingEvent> events = logged();
        ILoggingEvent exited =
            events.stream()
                .filter(
                    e ->
                        e.getFormattedMessage()
                            .startsWith(
                                "operator: process " + first + " exited with 137; restart #1 in"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no exit line in " + events));
        ILoggingEvent restarted =
            events.stream()
                .filter(
                    e ->
                        e.getFormattedMessage()
                            .startsWith("operator: restarted as pid " + operator.pid()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no restart line in " + events));
        assertThat(restartDelays()).containsExactly(Map.entry(1, backoff.toMillis()));
        assertThat(restarted.getTimeStamp() - exited.getTimeStamp())
            .as("ms between the exit and the restart")
            .isGreaterThanOrEqualTo(backoff.toMillis());

        // the restarted operator reconciles: it writes the status of a template applied now
        try (InputStream in =
            Files.newInputStream(
                ROOT.resolve("examples/templates/clinker-free-lime-soft-sensor.yaml"))) {
          for (HasMetadata r : client.load(in).items()) {
            client.resource(r).create();
          }
        }
        await("the restarted operator writes the template's status")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  GenericKubernetesResource t =
                      client
                          .genericKubernetesResources("plantops.io/v1alpha1", "UseCaseTemplate")
                          .withName("clinker-free-lime-soft-sensor")
                          .get();
                  return t != null && t.get("status") != null;
                });
      }
    }
  }

  @Test
  void anOperatorThatKeepsCrashingWaitsLongerEachTimeUpToTheCap() throws Exception {
    // java exits at once with code 1: "Unable to access jarfile"
    Path missing = work.resolve("no-such-operator.jar");
    Files.writeString(work.resolve("kubeconfig"), "");
    try (OperatorProcess operator =
        OperatorProcess.start(
            missing,
            work.resolve("kubeconfig"),
            work.resolve("host-aliases"),
            Duration.ofSeconds(5),
            work.resolve("operator"),
            work.resolve("logs/operator.log"),
            new Backoff(Duration.ofMillis(200), Duration.ofMillis(800), 0, new Random(1)),
            pid -> {})) {
      await("five restarts")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> restartDelays().size() >= 5);
      assertThat(restartDelays().subList(0, 5))
          .containsExactly(
              Map.entry(1, 200L),
              Map.entry(2, 400L),
              Map.entry(3, 800L),
              Map.entry(4, 800L),
              Map.entry(5, 800L));
      ProcessReport report = operator.report();
      assertThat(report.lastExit()).map(ProcessReport.Exit::code).contains(1);
      assertThat(report.restarts()).isGreaterThanOrEqualTo(5);
      assertThat(Files.readString(work.resolve("logs/operator.log")))
          .contains("Unable to access jarfile");
    }
  }
}
