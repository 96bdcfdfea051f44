package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantops.contract.Autonomy;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.SampleConfigs;
import io.plantops.simulator.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSecurityTest {

  @TempDir Path root;

  private static ResolvedPlantConfig with(OpcUaSettings opcua) {
    ResolvedPlantConfig base = SampleConfigs.lyon(Autonomy.ClosedLoop);
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            base.schemaVersion(),
            null,
            base.plant(),
            opcua,
            base.connector(),
            base.signals(),
            base.useCases()));
  }

  @Test
  void refusesAnInsecureSessionForAReadWriteMappingNoUseCaseWritesYet() {
    ResolvedPlantConfig base = SampleConfigs.lyon(Autonomy.Shadow);
    List<ResolvedPlantConfig.SignalMapping> readOnly =
        base.signals().stream().filter(m -> !m.writable()).toList();
    OpcUaSettings none =
        new OpcUaSettings(
            "opc.tcp://x:4840",
            "None",
            "None",
            null,
            null,
            null,
            null,
            null,
            false,
            List.of("kiln.fuel.setpoint"));
    ResolvedPlantConfig config =
        PlantConfigCodec.seal(
            new ResolvedPlantConfig(
                base.schemaVersion(),
                null,
                base.plant(),
                none,
                base.connector(),
                readOnly,
                List.of()));
    assertThat(ClientSecurity.refusal(config))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("refusing to connect plant lyon: ")
                    .contains("[kiln.fuel.setpoint] are mapped ReadWrite"));
  }

  @Test
  void refusesAPasswordOverSecurityPolicyNone() {
    OpcUaSettings passwordInClear =
        new OpcUaSettings(
            "opc.tcp://x:4840", "None", "None", null, null, "/u/user", "/u/pass", null, false);
    ResolvedPlantConfig base = SampleConfigs.lyon(Autonomy.Shadow);
    ResolvedPlantConfig readOnly =
        PlantConfigCodec.seal(
            new ResolvedPlantConfig(
                base.schemaVersion(),
                null,
                base.plant(),
                passwordInClear,
                base.connector(),
                base.signals().stream().filter(m -> !m.writable()).toList(),
                List.of()));
    assertThat(ClientSecurity.refusal(readOnly))
        .hasValueSatisfying(m -> assertThat(m).contains("password (userSecretRef) over"));
  }

  @Test
  void refusesNoneAndAnonymousWithWritableMappingsUnlessAllowedExplicitly() {
    OpcUaSettings none =
        new OpcUaSettings("opc.tcp://x:4840", "None", "None", null, null, null, null, null, false);
    assertThat(ClientSecurity.refusal(with(none)))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("securityPolicy None")
                    .contains("an anonymous user")
                    .contains("allowInsecure: true"));
    OpcUaSettings allowed =
        new OpcUaSettings("opc.tcp://x:4840", "None", "None", null, null, null, null, null, true);
    assertThat(ClientSecurity.refusal(with(allowed))).isEmpty();
    OpcUaSettings anonymousButEncrypted =
        new OpcUaSettings(
            "opc.tcp://x:4840",
            "Basic256Sha256",
            "SignAndEncrypt",
            "c",
            "k",
            null,
            null,
            "t",
            false);
    assertThat(ClientSecurity.refusal(with(anonymousButEncrypted)))
        .hasValueSatisfying(
            m -> assertThat(m).contains("anonymous user").doesNotContain("securityPolicy None"));
    assertThat(ClientSecurity.refusal(SampleConfigs.lyon(Autonomy.ClosedLoop))).isEmpty();
  }

  @Test
  void loadsAPkcs1KeyAndTakesTheApplicationUriFromTheCertificate() throws Exception {
    TestClients.ClientIdentity id =
        TestClients.ClientIdentity.generate("urn:plantops:lyon:connector");
    Path dir = root.resolve(MountPaths.OPCUA_CLIENT_DIR.substring(1));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tls.crt"), id.certificatePem());
    // kubernetes.io/tls Secrets made with openssl often hold PKCS#1 "RSA PRIVATE KEY" keys
    StringBuilderWriter pkcs1 = new StringBuilderWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pkcs1)) {
      w.writeObject(new JcaMiscPEMGenerator(id.keyPair()));
    }
    assertThat(pkcs1.toString()).contains("BEGIN RSA PRIVATE KEY");
    Files.writeString(dir.resolve("tls.key"), pkcs1.toString());
    Path trusted = root.resolve(MountPaths.OPCUA_TRUSTED_DIR.substring(1));
    Files.createDirectories(trusted.resolve("..2024_01_01"));
    Files.writeString(trusted.resolve("server.crt"), id.certificatePem());
    Path user = root.resolve(MountPaths.OPCUA_USER_DIR.substring(1));
    Files.createDirectories(user);
    Files.writeString(user.resolve("username"), "plantops\n");
    Files.writeString(user.resolve("password"), "p4ss\n");

    ClientSecurity s =
        ClientSecurity.load(
            SampleConfigs.lyon(Autonomy.ClosedLoop).opcua(),
            p -> MountPaths.resolve(root.toString(), p));
    assertThat(s.policy()).isEqualTo(SecurityPolicy.Basic256Sha256);
    assertThat(s.applicationUri()).isEqualTo("urn:plantops:lyon:connector");
    assertThat(s.keyPair().orElseThrow().getPrivate().getEncoded())
        .isEqualTo(PrivateKeyInfo.getInstance(id.keyPair().getPrivate().getEncoded()).getEncoded());
    assertThat(s.trusted()).hasSize(1);
    assertThat(s.username()).contains("plantops");
    assertThat(s.password()).contains("p4ss");
  }

  @Test
  void namesTheFieldAndTheFixWhenASecretIsMissing() {
    assertThatThrownBy(
            () ->
                ClientSecurity.load(
                    SampleConfigs.lyon(Autonomy.ClosedLoop).opcua(),
                    p -> MountPaths.resolve(root.toString(), p)))
        .isInstanceOf(SecurityConfigException.class)
        .hasMessageContaining("opcua.certificateFile")
        .hasMessageContaining("is the Secret mounted?");
    OpcUaSettings mismatch =
        new OpcUaSettings(
            "opc.tcp://x", "Basic256Sha256", "None", null, null, null, null, null, false);
    assertThatThrownBy(() -> ClientSecurity.load(mismatch, Path::of))
        .hasMessageContaining("do not fit");
  }

  /** A Writer into a StringBuilder. */
  private static final class StringBuilderWriter extends java.io.StringWriter {}
}
