package io.plantops.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./sandbox [--port N] [--time-scale X] [--plants lyon,joliet,alpena] [--interval SECONDS]
 * [--work-dir DIR] [--fast] [--restart-simulators]}: starts the sandbox, prints the live table
 * until Ctrl-C, then stops everything it started.
 */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    // before the first logger: the sandbox's own logging config, not the simulator's
    System.setProperty("logback.configurationFile", "plantops-sandbox-logback.xml");
    Path root = Path.of(System.getProperty("plantops.root", ".")).toAbsolutePath().normalize();
    Sandbox.Options defaults = Sandbox.Options.defaults(root);
    int port = defaults.apiPort();
    double timeScale = defaults.timeScale();
    List<String> plants = defaults.plants();
    long interval = 5;
    Path workDir = defaults.workDir();
    boolean fast = false;
    boolean restartSimulators = false;
    boolean containers = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--time-scale" -> timeScale = Double.parseDouble(args[++i]);
        case "--plants" -> plants = Arrays.asList(args[++i].split(","));
        case "--interval" -> interval = Long.parseLong(args[++i]);
        case "--fast" -> fast = true;
        case "--restart-simulators" -> restartSimulators = true;
        case "--containers" -> containers = true;
        case "--work-dir" -> workDir = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--help", "-h" -> {
          System.out.println(
              "usage: ./sandbox [--port 16443] [--time-scale 1] [--plants lyon,joliet,alpena]"
                  + " [--interval 5] [--work-dir .sandbox] [--fast] [--restart-simulators]"
                  + " [--containers]\n"
                  + "  --fast  every template applied gets clocks of seconds instead of days,"
                  + " re-applies included (see docs/quickstart.md)\n"
                  + "  --restart-simulators  restart a simulated plant that died (by default"
                  + " it stays down, as a plant that went away)\n"
                  + "  --containers  run the workloads and simulated plants as podman containers"
                  + " of the images the build made (images/)");
          return;
        }
        default -> {
          System.err.println("unknown option " + args[i] + "; see ./sandbox --help");
          System.exit(2);
        }
      }
    }
    Sandbox.Options options =
        new Sandbox.Options(
            root,
            workDir,
            port,
            timeScale,
            plants,
            true,
            fast,
            fast ? Duration.ofSeconds(1) : defaults.statusPollInterval(),
            restartSimulators,
            containers);
    System.out.println("starting the plantops sandbox in " + options.workDir() + " ...");
    Sandbox sandbox = Sandbox.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nstopping the sandbox ...");
                  sandbox.close();
                  System.out.println("stopped; nothing is left running.");
                  stopped.countDown();
                },
                "sandbox-shutdown"));
    boolean terminal = System.console() != null;
    while (stopped.getCount() > 0) {
      String table = sandbox.table();
      System.out.print(terminal ? "\033[H\033[2J" + table : table + "\n");
      System.out.flush();
      Thread.sleep(Duration.ofSeconds(interval).toMillis());
    }
  }
}
