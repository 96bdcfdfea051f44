package io.plantops.connector;

import io.plantops.connector.browse.AddressSpaceBrowser;
import io.plantops.connector.browse.BrowsedVariable;
import io.plantops.connector.browse.OnboardingManifests;
import io.plantops.connector.browse.Suggester;
import io.plantops.connector.browse.Suggestion;
import io.plantops.connector.browse.TagMappingDraft;
import io.plantops.connector.opcua.ClientFactory;
import io.plantops.connector.opcua.ClientSecurity;
import io.plantops.connector.opcua.OpcUaTuning;
import io.plantops.connector.opcua.SecurityConfigException;
import io.plantops.connector.opcua.ServerCertificates;
import io.plantops.contract.ConfigException;
import io.plantops.contract.HostAliases;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.template.TemplateView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The connector's command line.
 *
 * <pre>
 * run                       (default) run the connector from the mounted resolved plant config
 * browse  [connection]      list the plant's variables as JSON
 * browse  --server-certificate (--config FILE | --endpoint URL) [--save-certificate FILE]
 *                           print the server's certificate and thumbprints, without trusting it
 * suggest [connection] --template FILE [--name N] [--namespace NS] [--plant P] [--json]
 *                      [--emit tagmapping|all] [--site-deployment N]
 *                           propose a draft TagMapping for a UseCaseTemplate; with --emit all,
 *                           the Plant skeleton, the draft and a Shadow SiteDeployment
 * connection: --config FILE (a resolved plant config: its opcua settings)
 *             or --endpoint URL [--security-policy P --security-mode M --certificate F
 *                --private-key F --trusted-dir D] [--username-file F --password-file F]
 * </pre>
 */
public final class ConnectorMain {

  private ConnectorMain() {}

  public static void main(String[] args) throws Exception {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
    String command = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
    Map<String, String> opts =
        options(
            args, command.equals("run") && (args.length == 0 || args[0].startsWith("--")) ? 0 : 1);
    int code =
        switch (command) {
          case "run" -> run(opts);
          case "browse" -> browse(opts, System.out);
          case "suggest" -> suggest(opts, System.out);
          case "help", "--help" -> {
            System.out.println(usage());
            yield 0;
          }
          default -> {
            System.err.println("unknown command '" + command + "'\n" + usage());
            yield 2;
          }
        };
    if (code != 0 || !command.equals("run")) {
      System.exit(code);
    }
  }

  private static String usage() {
    return """
        usage: opcua-connector [run] [--config FILE] [--data-dir DIR] [--port N]
               opcua-connector browse  (--config FILE | --endpoint URL [security options])
               opcua-connector browse  --server-certificate (--config FILE | --endpoint URL)
                                       [--save-certificate FILE]
               opcua-connector suggest (--config FILE | --endpoint URL [security options])
                                       --template FILE [--name N] [--namespace NS] [--plant P] [--json]
                                       [--emit tagmapping|all] [--site-deployment N]
        security options: --security-policy None|Basic256Sha256|Aes128_Sha256_RsaOaep|Aes256_Sha256_RsaPss
                          --security-mode None|Sign|SignAndEncrypt --certificate FILE --private-key FILE
                          --trusted-dir DIR --username-file FILE --password-file FILE""";
  }

  private static int run(Map<String, String> opts) throws IOException, InterruptedException {
    ConnectorSettings settings = ConnectorSettings.fromEnvironment();
    settings =
        settings.with(
            opts.containsKey("--config") ? Path.of(opts.get("--config")) : settings.configFile(),
            opts.containsKey("--data-dir") ? Path.of(opts.get("--data-dir")) : settings.dataDir(),
            settings.httpBind(),
            opts.containsKey("--port")
                ? Integer.parseInt(opts.get("--port"))
                : settings.httpPort());
    Connector connector = new Connector(settings);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  connector.close();
                  done.countDown();
                }));
    done.await();
    return 0;
  }

  static int browse(Map<String, String> opts, PrintStream out) throws Exception {
    if (opts.containsKey("--server-certificate")) {
      return ServerCertificates.print(
          HostAliases.fromEnvironment().rewrite(settings(opts).endpointUrl()),
          Optional.ofNullable(opts.get("--save-certificate")).map(Path::of),
          out);
    }
    try (Session s = connect(opts)) {
      List<BrowsedVariable> vars =
          new AddressSpaceBrowser(s.client, 10_000)
              .browse(
                  opts.containsKey("--root")
                      ? NodeId.parse(opts.get("--root"))
                      : NodeIds.ObjectsFolder);
      out.println(PlantConfigCodec.mapper().writeValueAsString(vars));
      return 0;
    }
  }

  static int suggest(Map<String, String> opts, PrintStream out) throws Exception {
    if (!opts.containsKey("--template")) {
      System.err.println("suggest needs --template FILE (a UseCaseTemplate YAML)");
      return 2;
    }
    TemplateView template =
        TemplateView.parse(
            Files.readString(Path.of(opts.get("--template")), StandardCharsets.UTF_8));
    String emit = opts.getOrDefault("--emit", "tagmapping");
    if (!emit.equals("tagmapping") && !emit.equals("all")) {
      System.err.println("--emit takes tagmapping (the default) or all, not '" + emit + "'");
      return 2;
    }
    try (Session s = connect(opts)) {
      List<BrowsedVariable> vars =
          new AddressSpaceBrowser(s.client, 10_000).browse(NodeIds.ObjectsFolder);
      Suggestion suggestion = Suggester.suggest(template, vars);
      if (opts.containsKey("--json")) {
        out.println(PlantConfigCodec.mapper().writeValueAsString(suggestion));
      } else if (emit.equals("all")) {
        String plant = opts.getOrDefault("--plant", s.plant);
        out.print(
            OnboardingManifests.render(
                suggestion,
                template,
                new OnboardingManifests.Names(
                    plant,
                    opts.getOrDefault("--namespace", s.namespace),
                    opts.getOrDefault("--name", plant + "-" + template.name()),
                    opts.getOrDefault("--site-deployment", template.name())),
                s.settings,
                s.settings.endpointUrl()));
      } else {
        String plant = opts.getOrDefault("--plant", s.plant);
        out.print(
            TagMappingDraft.render(
                suggestion,
                opts.getOrDefault("--name", plant + "-" + template.name()),
                opts.get("--namespace"),
                plant,
                s.url,
                s.settings));
      }
      return 0;
    }
  }

  private record Session(
      OpcUaClient client, String url, String plant, String namespace, OpcUaSettings settings)
      implements AutoCloseable {
    @Override
    public void close() throws UaException {
      client.disconnect();
    }
  }

  /** The OPC UA settings given on the command line, or those of the resolved plant config. */
  private static OpcUaSettings settings(Map<String, String> opts)
      throws IOException, ConfigException {
    if (opts.containsKey("--config")) {
      return PlantConfigCodec.read(Path.of(opts.get("--config"))).opcua();
    } else if (opts.containsKey("--endpoint")) {
      return new OpcUaSettings(
          opts.get("--endpoint"),
          opts.getOrDefault("--security-policy", "None"),
          opts.getOrDefault("--security-mode", "None"),
          opts.get("--certificate"),
          opts.get("--private-key"),
          opts.get("--username-file"),
          opts.get("--password-file"),
          opts.get("--trusted-dir"),
          false);
    }
    throw new IllegalArgumentException("give --config FILE or --endpoint URL\n" + usage());
  }

  private static Session connect(Map<String, String> opts)
      throws IOException, ConfigException, SecurityConfigException, UaException {
    OpcUaSettings settings = settings(opts);
    String plant = "plant";
    String namespace = null;
    if (opts.containsKey("--config")) {
      ResolvedPlantConfig config = PlantConfigCodec.read(Path.of(opts.get("--config")));
      plant = config.plant().name();
      namespace = config.plant().namespace();
    }
    // on the command line, paths are local paths, not container mount paths
    ClientSecurity security =
        ClientSecurity.load(
            settings,
            opts.containsKey("--config") ? io.plantops.contract.MountPaths::resolve : Path::of);
    String url = HostAliases.fromEnvironment().rewrite(settings.endpointUrl());
    OpcUaClient client =
        ClientFactory.create(url, security, "plantops-connector-cli", OpcUaTuning.defaults());
    client.connect();
    return new Session(client, url, plant, namespace, settings);
  }

  static Map<String, String> options(String[] args, int from) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + usage());
      }
      if (a.equals("--json") || a.equals("--server-certificate")) {
        opts.put(a, "true");
      } else if (i + 1 < args.length) {
        opts.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value\n" + usage());
      }
    }
    return opts;
  }
}
