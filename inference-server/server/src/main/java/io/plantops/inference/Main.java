package io.plantops.inference;

import io.plantops.inference.model.ModelLoader;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar plantops-inference-server-exec.jar}: settings from the environment. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    // one line per record: container logs are read line by line
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s - %5$s%6$s%n");
    Settings settings = Settings.fromEnvironment(System.getenv());
    InferenceServer server =
        InferenceServer.start(settings, Clock.systemUTC(), ModelLoader.defaultCacheDir(), true);
    System.getLogger(Main.class.getName())
        .log(
            System.Logger.Level.INFO,
            "plantops inference server listening on {0}:{1,number,#}, config {2}",
            settings.host(),
            server.port(),
            settings.configFile());
    System.getLogger(Main.class.getName())
        .log(
            settings.dataPath().enabled() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
            settings.dataPath().enabled()
                ? "data path authenticated with the token in "
                    + settings.dataPath().tokenFile().get()
                    + (settings.dataPath().modelEndpoints()
                        ? ", OIP v2 endpoints included"
                        : "; OIP v2 endpoints open")
                : "data path OPEN: /v1/signals and /v1/recommendations answer anyone (no token"
                    + " file; set PLANTOPS_DATAPATH_AUTH=required to refuse instead)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "plantops-shutdown"));
    stopped.await();
  }
}
