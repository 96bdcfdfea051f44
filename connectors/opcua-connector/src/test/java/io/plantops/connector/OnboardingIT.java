package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plantops.connector.opcua.ClientSecurity;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.expressions.manifest.Violation;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/onboarding.md, step by step against the simulator: the client certificate made with the
 * page's own openssl commands, the server certificate printed and saved by {@code browse
 * --server-certificate}, and {@code suggest --emit all} over a secure and an insecure endpoint, its
 * three documents validated against the CRDs as the API server would.
 */
class OnboardingIT {

  private static final Path ROOT = ExampleMappings.examplesDir().getParent();
  private static final Path TEMPLATE =
      ExampleMappings.examplesDir().resolve("templates/kiln-energy-optimization.yaml");

  @TempDir Path dir;

  @Test
  void onboardsOverASecureEndpointWithTheDocsOpensslCertificate() throws Exception {
    runOpensslBlockOfTheOnboardingPage(dir);
    ClientSecurity client =
        ClientSecurity.load(
            new OpcUaSettings(
                "opc.tcp://unused:4840",
                "Basic256Sha256",
                "SignAndEncrypt",
                dir.resolve("tls.crt").toString(),
                dir.resolve("tls.key").toString(),
                null,
                null,
                writeTrusted(dir.resolve("unused-trust")).toString(),
                false),
            Path::of);
    // the SAN URI made by openssl is the ApplicationUri the connector presents
    assertThat(client.applicationUri()).isEqualTo("urn:plantops:opcua-connector:example");

    SecurityOptions security =
        new SecurityOptions(true, true, false, Map.of("plantops", "s3cret"), false);
    try (PlantSimulator sim = PlantSimulator.builder(Dialect.joliet()).security(security).start()) {
      sim.trustClientCertificate(client.certificate().orElseThrow());

      Path trusted = Files.createDirectories(dir.resolve("trusted"));
      String printed =
          run(
              ConnectorMain::browse,
              "--server-certificate",
              "--endpoint",
              sim.endpointUrl(),
              "--save-certificate",
              trusted.resolve("server.crt").toString());
      X509Certificate server = sim.serverCertificate();
      assertThat(printed)
          .contains("SHA-1:      " + colons(CertificateUtil.thumbprint(server).bytesOrEmpty()))
          .contains("SHA-256:    ")
          .contains("subject:    " + server.getSubjectX500Principal().getName())
          .contains("SAN URI:    " + CertificateUtil.getSanUri(server).orElseThrow())
          .contains("Basic256Sha256/SignAndEncrypt");
      assertThat(ClientSecurity.certificates(trusted.resolve("server.crt")))
          .containsExactly(server);

      Files.writeString(dir.resolve("username"), "plantops");
      Files.writeString(dir.resolve("password"), "s3cret");
      String yaml =
          run(
              ConnectorMain::suggest,
              "--endpoint",
              sim.endpointUrl(),
              "--security-policy",
              "Basic256Sha256",
              "--security-mode",
              "SignAndEncrypt",
              "--certificate",
              dir.resolve("tls.crt").toString(),
              "--private-key",
              dir.resolve("tls.key").toString(),
              "--trusted-dir",
              trusted.toString(),
              "--username-file",
              dir.resolve("username").toString(),
              "--password-file",
              dir.resolve("password").toString(),
              "--template",
              TEMPLATE.toString(),
              "--plant",
              "example",
              "--namespace",
              "plant-example",
              "--emit",
              "all");
      List<JsonNode> docs = documentsValidAgainstTheCrds(yaml);
      JsonNode opcua = docs.get(0).path("spec").path("opcua");
      assertThat(opcua.path("securityPolicy").asText()).isEqualTo("Basic256Sha256");
      assertThat(opcua.path("clientCertificateSecretRef").path("name").asText())
          .isEqualTo("opcua-client-cert");
      assertThat(opcua.path("trustedServerCertificatesSecretRef").path("name").asText())
          .isEqualTo("opcua-trusted-servers");
      assertThat(opcua.path("userSecretRef").path("name").asText()).isEqualTo("opcua-user");
      assertThat(entry(docs.get(1), "kiln.fuel.setpoint").path("access").asText())
          .isEqualTo("ReadWrite");
      assertThat(yaml).doesNotContain("mapped Read, not ReadWrite");
    }
  }

  @Test
  void mapsSetpointsReadOverAnInsecureEndpointAndSaysWhy() throws Exception {
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.joliet()).security(SecurityOptions.defaults()).start()) {
      String yaml =
          run(
              ConnectorMain::suggest,
              "--endpoint",
              sim.endpointUrl(),
              "--template",
              TEMPLATE.toString(),
              "--plant",
              "joliet",
              "--namespace",
              "plant-joliet",
              "--emit",
              "all");
      List<JsonNode> docs = documentsValidAgainstTheCrds(yaml);
      assertThat(docs.get(0).path("spec").path("opcua").has("clientCertificateSecretRef"))
          .isFalse();
      assertThat(entry(docs.get(1), "kiln.fuel.setpoint").path("access").asText())
          .isEqualTo("Read");
      assertThat(yaml)
          .contains("# mapped Read, not ReadWrite: securityPolicy None / securityMode None")
          .contains("the session is anonymous")
          .contains("# kiln.feed.rate (input): confidence");
      JsonNode sd = docs.get(2);
      assertThat(sd.path("spec").path("stage").asText()).isEqualTo("Shadow");
      assertThat(sd.path("spec").path("tagMappingRef").asText())
          .isEqualTo(docs.get(1).path("metadata").path("name").asText());
      // the default output is still the TagMapping draft alone
      String draft =
          run(
              ConnectorMain::suggest,
              "--endpoint",
              sim.endpointUrl(),
              "--template",
              TEMPLATE.toString());
      assertThat(new ObjectMapper(new YAMLFactory()).readTree(draft).path("kind").asText())
          .isEqualTo("TagMapping");
    }
  }

  /** Every document of the stream, in order Plant, TagMapping, SiteDeployment, each valid. */
  static List<JsonNode> documentsValidAgainstTheCrds(String yaml) throws Exception {
    ManifestValidator validator = ManifestValidator.fromCrdDirectory(ROOT.resolve("crds"));
    Map<String, List<Violation>> violations = validator.validateYaml(yaml);
    assertThat(violations).as(yaml).hasSize(3);
    violations.forEach((doc, v) -> assertThat(v).as(doc + "\n" + yaml).isEmpty());
    List<JsonNode> docs = new ArrayList<>();
    new ObjectMapper(new YAMLFactory())
        .readerFor(JsonNode.class)
        .readValues(yaml)
        .forEachRemaining(d -> docs.add((JsonNode) d));
    assertThat(docs.stream().map(d -> d.path("kind").asText()))
        .containsExactly("Plant", "TagMapping", "SiteDeployment");
    return docs;
  }

  static JsonNode entry(JsonNode tagMapping, String signal) {
    for (JsonNode m : tagMapping.path("spec").path("mappings")) {
      if (m.path("signal").asText().equals(signal)) {
        return m;
      }
    }
    throw new AssertionError(signal + " not mapped in " + tagMapping);
  }

  /** Runs the page's openssl block (the one that makes tls.crt) with sh -e in {@code dir}. */
  static void runOpensslBlockOfTheOnboardingPage(Path dir) throws Exception {
    String page = Files.readString(ROOT.resolve("docs/onboarding.md"));
    Matcher blocks = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(page);
    String script = null;
    while (blocks.find()) {
      if (blocks.group(1).contains("openssl req")) {
        script = blocks.group(1);
      }
    }
    assertThat(script).as("the openssl block of docs/onboarding.md").isNotNull();
    Process p =
        new ProcessBuilder("sh", "-e", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("URI:urn:plantops:opcua-connector:example");
  }

  private Path writeTrusted(Path trust) throws Exception {
    Files.createDirectories(trust);
    Files.copy(dir.resolve("tls.crt"), trust.resolve("any.crt"));
    return trust;
  }

  private interface Command {
    int run(Map<String, String> opts, PrintStream out) throws Exception;
  }

  private static String run(Command command, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        command.run(
            ConnectorMain.options(args, 0), new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    return text;
  }

  private static String colons(byte[] bytes) {
    return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
  }
}
