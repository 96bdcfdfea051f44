package io.plantops.connector;

import io.plantops.connector.opcua.OpcUaTuning;
import io.plantops.contract.Autonomy;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.TagSpec;
import io.plantops.simulator.TestClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A connector wired to a simulator and a fake inference server through a temporary mount root,
 * exactly as the sandbox runs it: config file, Secrets and data directory under {@code root}, host
 * aliases for the plant's endpoint and the inference URL.
 */
final class Harness implements AutoCloseable {

  static final String USER = "plantops";
  static final String PASSWORD = "kiln-s3cret";

  final Path root;
  final PlantSimulator sim;
  final FakeInferenceServer inference;
  final HostAliases aliases;
  Connector connector;

  Harness(Path root, PlantSimulator sim) throws IOException {
    this.root = root;
    this.sim = sim;
    this.inference = new FakeInferenceServer();
    this.aliases =
        HostAliases.parse(
            authority(lyonEndpoint())
                + "=127.0.0.1:"
                + sim.port()
                + ","
                + authority(jolietEndpoint())
                + "=127.0.0.1:"
                + sim.port()
                + ",inference.plant.svc:8080="
                + inference.authority());
    Files.createDirectories(path(MountPaths.CONFIG_DIR));
  }

  static String lyonEndpoint() {
    return "opc.tcp://lyon-dcs.plant-lyon.example:4840/lyon";
  }

  static String jolietEndpoint() {
    return "opc.tcp://joliet-scada.plant-joliet.example:48010";
  }

  private static String authority(String url) {
    return java.net.URI.create(url).getRawAuthority();
  }

  Path path(String containerPath) {
    return MountPaths.resolve(root.toString(), containerPath);
  }

  /** Writes the client certificate, key, user and trusted server certificate Secrets. */
  void writeSecrets() throws IOException {
    TestClients.ClientIdentity client =
        TestClients.ClientIdentity.generate("urn:plantops:connector:test");
    sim.trustClientCertificate(client.certificate());
    Files.createDirectories(path(MountPaths.OPCUA_CLIENT_DIR));
    Files.writeString(path(MountPaths.OPCUA_CLIENT_DIR + "/tls.crt"), client.certificatePem());
    Files.writeString(path(MountPaths.OPCUA_CLIENT_DIR + "/tls.key"), client.privateKeyPem());
    Files.createDirectories(path(MountPaths.OPCUA_USER_DIR));
    Files.writeString(path(MountPaths.OPCUA_USER_DIR + "/username"), USER + "\n");
    Files.writeString(path(MountPaths.OPCUA_USER_DIR + "/password"), PASSWORD + "\n");
    sim.writeServerCertificate(path(MountPaths.OPCUA_TRUSTED_DIR));
  }

  static OpcUaSettings secure(String endpoint, String policy) {
    return new OpcUaSettings(
        endpoint,
        policy,
        "SignAndEncrypt",
        MountPaths.OPCUA_CLIENT_DIR + "/tls.crt",
        MountPaths.OPCUA_CLIENT_DIR + "/tls.key",
        MountPaths.OPCUA_USER_DIR + "/username",
        MountPaths.OPCUA_USER_DIR + "/password",
        MountPaths.OPCUA_TRUSTED_DIR,
        false);
  }

  static OpcUaSettings insecure(String endpoint, boolean allowInsecure) {
    return new OpcUaSettings(endpoint, "None", "None", null, null, null, null, null, allowInsecure);
  }

  static ConnectorSettings connectorSettings(long bufferMaxBytes) {
    return new ConnectorSettings(
        "http://inference.plant.svc:8080", bufferMaxBytes, 3, 60, true, 10);
  }

  /** The Lyon sample config with other OPC UA and connector settings. */
  static ResolvedPlantConfig lyon(Autonomy kiln, OpcUaSettings opcua, ConnectorSettings cs) {
    ResolvedPlantConfig base = SampleConfigs.lyon(kiln);
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            base.schemaVersion(), null, base.plant(), opcua, cs, base.signals(), base.useCases()));
  }

  /** Joliet's example TagMapping as a resolved config, with the Lyon use cases' definitions. */
  static ResolvedPlantConfig joliet(Autonomy kiln, OpcUaSettings opcua, ConnectorSettings cs) {
    Dialect dialect = Dialect.joliet();
    List<SignalMapping> signals = new ArrayList<>();
    for (ExampleMappings.Entry e : ExampleMappings.of("joliet")) {
      TagSpec tag = dialect.tagByNodeId(e.nodeId()).orElseThrow();
      signals.add(
          new SignalMapping(
              e.signal(),
              e.nodeId(),
              e.unit(),
              tag.point().canonicalUnit(),
              e.scale(),
              e.offset(),
              e.samplingIntervalMs(),
              e.readWrite()));
    }
    ResolvedPlantConfig base = SampleConfigs.lyon(kiln);
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            base.schemaVersion(),
            null,
            new ResolvedPlantConfig.PlantInfo(
                "plant-joliet", "joliet", "Joliet cement plant", "America/Chicago"),
            opcua,
            cs,
            signals,
            base.useCases()));
  }

  /** A copy of a config with its use cases changed. */
  static ResolvedPlantConfig withUseCases(
      ResolvedPlantConfig c, UnaryOperator<List<UseCaseConfig>> change) {
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            c.schemaVersion(),
            null,
            c.plant(),
            c.opcua(),
            c.connector(),
            c.signals(),
            change.apply(c.useCases())));
  }

  void writeConfig(ResolvedPlantConfig config) throws IOException {
    Path file = path(MountPaths.CONFIG_FILE);
    Path tmp = file.resolveSibling(".plant-config.json.tmp");
    Files.writeString(tmp, PlantConfigCodec.toJson(config), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  Connector start(ResolvedPlantConfig config) throws IOException {
    writeConfig(config);
    connector = new Connector(settings());
    return connector;
  }

  io.plantops.connector.ConnectorSettings settings() {
    return new io.plantops.connector.ConnectorSettings(
        path(MountPaths.CONFIG_FILE),
        path(MountPaths.DATA_DIR),
        "127.0.0.1",
        0,
        aliases,
        p -> MountPaths.resolve(root.toString(), p),
        Clock.systemUTC(),
        200,
        5000,
        1 << 16,
        200,
        200,
        true,
        new OpcUaTuning(120_000, 5_000, 1_000),
        io.plantops.connector.http.HttpLimits.defaults());
  }

  String get(String path) throws IOException, InterruptedException {
    var client = java.net.http.HttpClient.newHttpClient();
    return client
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + connector.httpPort() + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() {
    if (connector != null) {
      connector.close();
    }
    inference.close();
    sim.close();
  }
}
