package io.plantops.simulator;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code java -jar plantops-plant-simulator-all.jar --dialect lyon --port 4840 --control-port
 * 8090}. Prints one JSON line with the endpoint URL and control URL once the server is up, then
 * runs until stopped. {@code --help} lists the options.
 */
public final class SimulatorMain {

  private static final String USAGE =
      """
      usage: plant-simulator [options]
        --dialect lyon|joliet|alpena     tag dialect (default lyon)
        --seed N                         process and operator seed (default 42)
        --port N                         OPC UA port, 0 for a free one (default 4840)
        --bind ADDRESS                   bind address (default 127.0.0.1)
        --hostname NAME                  host in endpoint URLs (default 127.0.0.1)
        --control-port N                 HTTP control port, -1 for none, 0 for a free one (default -1)
        --time-scale X                   simulated seconds per second (default 1)
        --user NAME --password-file F    accept this user (repeatable pairs)
        --no-none                        do not offer SecurityPolicy None
        --no-anonymous                   refuse anonymous sessions
        --anonymous-writes               let anonymous sessions write setpoints
        --trust-dir DIR                  trust client certificates (PEM or DER) found in DIR
        --auto-accept-clients            trust every client certificate (sandbox only)
        --cert-out DIR                   write the server certificate to DIR/<dialect>-simulator.crt
        --identity-dir DIR               keep the server certificate and key in DIR across restarts
        --max-items-per-call N           advertised and enforced MaxMonitoredItemsPerCall
        --max-items-per-subscription N   advertised and enforced MaxMonitoredItemsPerSubscription
        --max-subscriptions-per-session N
        --max-nodes-per-read N           advertised and enforced MaxNodesPerRead
        --max-nodes-per-browse N         advertised and enforced MaxNodesPerBrowse (BrowseNext too)
        --max-nodes-per-write N          advertised and enforced MaxNodesPerWrite
        --follow-probability P           chance operators follow new advice (default 0.6)
        --no-history                     no historical access (HistoryRead unsupported)
        --history-days N                 simulated days of backfilled history (default 30)
        --max-history-values-per-read N  server limit on values per node and HistoryRead call
      """;

  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String[]> users = new ArrayList<>();
    String pendingUser = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> {
          System.out.print(USAGE);
          return;
        }
        case "--no-none",
            "--no-anonymous",
            "--anonymous-writes",
            "--auto-accept-clients",
            "--no-history" ->
            opts.put(a, "true");
        case "--user" -> pendingUser = value(args, ++i, a);
        case "--password-file" -> {
          if (pendingUser == null) {
            throw new IllegalArgumentException("--password-file must follow --user");
          }
          String password = Files.readString(Path.of(value(args, ++i, a))).strip();
          users.add(new String[] {pendingUser, password});
          pendingUser = null;
        }
        default -> {
          if (!a.startsWith("--")) {
            throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
          }
          opts.put(a, value(args, ++i, a));
        }
      }
    }
    if (pendingUser != null) {
      throw new IllegalArgumentException("--user " + pendingUser + " needs --password-file");
    }
    Map<String, String> userMap = new HashMap<>();
    users.forEach(u -> userMap.put(u[0], u[1]));
    SecurityOptions security =
        new SecurityOptions(
            !opts.containsKey("--no-none"),
            !opts.containsKey("--no-anonymous"),
            opts.containsKey("--anonymous-writes"),
            userMap,
            opts.containsKey("--auto-accept-clients"));
    ServerLimits defaults = ServerLimits.defaults();
    ServerLimits limits =
        new ServerLimits(
            intOpt(opts, "--max-items-per-call", defaults.maxMonitoredItemsPerCall()),
            intOpt(
                opts, "--max-items-per-subscription", defaults.maxMonitoredItemsPerSubscription()),
            intOpt(opts, "--max-subscriptions-per-session", defaults.maxSubscriptionsPerSession()),
            intOpt(opts, "--max-nodes-per-read", defaults.maxNodesPerRead()),
            intOpt(opts, "--max-nodes-per-browse", defaults.maxNodesPerBrowse()),
            intOpt(opts, "--max-nodes-per-write", defaults.maxNodesPerWrite()));
    HistoryOptions history =
        opts.containsKey("--no-history")
            ? HistoryOptions.disabled()
            : HistoryOptions.defaults()
                .withDays(intOpt(opts, "--history-days", HistoryOptions.defaults().days()))
                .withMaxValuesPerRead(
                    intOpt(
                        opts,
                        "--max-history-values-per-read",
                        HistoryOptions.defaults().maxValuesPerRead()));
    String bind = opts.getOrDefault("--bind", "127.0.0.1");
    PlantSimulator simulator =
        PlantSimulator.builder(Dialect.named(opts.getOrDefault("--dialect", "lyon")))
            .seed(Long.parseLong(opts.getOrDefault("--seed", "42")))
            .port(intOpt(opts, "--port", 4840))
            .bindAddress(bind)
            .hostname(opts.getOrDefault("--hostname", "127.0.0.1"))
            .timeScale(Double.parseDouble(opts.getOrDefault("--time-scale", "1")))
            .security(security)
            .limits(limits)
            .followProbability(Double.parseDouble(opts.getOrDefault("--follow-probability", "0.6")))
            .identityDir(
                opts.containsKey("--identity-dir") ? Path.of(opts.get("--identity-dir")) : null)
            .history(history)
            .start();
    if (opts.containsKey("--trust-dir")) {
      for (X509Certificate c : readCertificates(Path.of(opts.get("--trust-dir")))) {
        simulator.trustClientCertificate(c);
      }
    }
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("endpointUrl", simulator.endpointUrl());
    if (opts.containsKey("--cert-out")) {
      ready.put(
          "serverCertificate",
          simulator.writeServerCertificate(Path.of(opts.get("--cert-out"))).toString());
    }
    int controlPort = intOpt(opts, "--control-port", -1);
    ControlServer control = null;
    if (controlPort >= 0) {
      control = new ControlServer(simulator, bind, controlPort);
      ready.put("controlUrl", "http://" + bind + ":" + control.port());
    }
    System.out.println(JsonMapper.builder().build().writeValueAsString(ready));
    System.out.flush();

    CountDownLatch done = new CountDownLatch(1);
    ControlServer c = control;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (c != null) {
                    c.close();
                  }
                  simulator.close();
                  done.countDown();
                }));
    done.await();
  }

  /**
   * Every certificate in the PEM or DER files of {@code dir} (Kubernetes' ..data entries skipped).
   */
  public static List<X509Certificate> readCertificates(Path dir) throws IOException {
    List<X509Certificate> result = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("no X.509 support in this JVM", e);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || !Files.isRegularFile(file)) {
          continue;
        }
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate c : factory.generateCertificates(in)) {
            result.add((X509Certificate) c);
          }
        } catch (CertificateException e) {
          throw new IOException(file + " is not a PEM or DER certificate: " + e.getMessage(), e);
        }
      }
    }
    return result;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int intOpt(Map<String, String> opts, String key, int defaultValue) {
    String v = opts.get(key);
    return v == null ? defaultValue : Integer.parseInt(v);
  }
}
