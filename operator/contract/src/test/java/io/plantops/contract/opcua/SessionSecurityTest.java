package io.plantops.contract.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.opcua.SessionSecurity.Kind;
import io.plantops.contract.opcua.SessionSecurity.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule for sessions too weak for the plant, as the operator and the connector apply it. */
class SessionSecurityTest {

  static OpcUaSettings settings(
      String policy, String mode, String user, boolean allow, List<String> readWrite) {
    return new OpcUaSettings(
        "opc.tcp://plant:4840",
        policy,
        mode,
        "None".equals(policy) ? null : "/c/tls.crt",
        "None".equals(policy) ? null : "/c/tls.key",
        user,
        user == null ? null : "/u/password",
        "None".equals(policy) ? null : "/t",
        allow,
        readWrite);
  }

  static List<Kind> kinds(List<Refusal> refusals) {
    return refusals.stream().map(Refusal::kind).toList();
  }

  @Test
  void aReadWriteMappingNoUseCaseUsesYetIsEnoughToRefuseAnInsecureSession() {
    List<Refusal> refusals =
        SessionSecurity.refusals(
            settings("None", "None", null, false, List.of("kiln.fuel.setpoint")), List.of());
    assertThat(kinds(refusals)).containsExactly(Kind.WRITES_OVER_INSECURE_SESSION);
    assertThat(refusals.get(0).message())
        .startsWith("securityPolicy None, securityMode None, an anonymous user while")
        .contains("[kiln.fuel.setpoint] are mapped ReadWrite");
  }

  @Test
  void writableSignalsInUseAndReadWriteMappingsAreNamedOnceEach() {
    List<Refusal> refusals =
        SessionSecurity.refusals(
            settings("Basic256Sha256", "SignAndEncrypt", null, false, List.of("b", "a")),
            List.of("a", "c"));
    assertThat(refusals)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.message())
                    .startsWith("an anonymous user while [a, b, c] are mapped ReadWrite"));
  }

  @Test
  void aSecureAuthenticatedSessionOrAReadOnlyPlantIsNotRefused() {
    assertThat(
            SessionSecurity.refusals(
                settings("Basic256Sha256", "SignAndEncrypt", "/u/user", false, List.of("sp")),
                List.of("sp")))
        .isEmpty();
    assertThat(
            SessionSecurity.refusals(settings("None", "None", null, false, List.of()), List.of()))
        .isEmpty();
  }

  @Test
  void aPasswordOverSecurityPolicyNoneIsRefusedWithOrWithoutWritableMappings() {
    assertThat(
            kinds(
                SessionSecurity.refusals(
                    settings("None", "None", "/u/user", false, List.of()), List.of())))
        .containsExactly(Kind.PASSWORD_WITHOUT_SECURITY);
    assertThat(
            kinds(
                SessionSecurity.refusals(
                    settings("None", "None", "/u/user", false, List.of("sp")), List.of())))
        .containsExactly(Kind.WRITES_OVER_INSECURE_SESSION, Kind.PASSWORD_WITHOUT_SECURITY);
    assertThat(
            SessionSecurity.describe(
                SessionSecurity.refusals(
                    settings("None", "None", "/u/user", false, List.of("sp")), List.of())))
        .hasValueSatisfying(m -> assertThat(m).contains("; a user name and password"));
  }

  @Test
  void allowInsecureLiftsBothRefusals() {
    assertThat(
            SessionSecurity.refusals(
                settings("None", "None", "/u/user", true, List.of("sp")), List.of("sp")))
        .isEmpty();
  }

  @Test
  void aConfigWithoutReadWriteSignalsKeepsItsBytesAndAnOlderConfigReadsAsNone() throws Exception {
    var mapper = PlantConfigCodec.mapper();
    OpcUaSettings none = settings("None", "None", null, true, List.of());
    String json = mapper.writeValueAsString(none);
    assertThat(json).doesNotContain("readWriteSignals");
    assertThat(mapper.readValue(json, OpcUaSettings.class).readWriteSignals()).isEmpty();
    OpcUaSettings some = settings("None", "None", null, true, List.of("kiln.fuel.setpoint"));
    assertThat(mapper.readValue(mapper.writeValueAsString(some), OpcUaSettings.class))
        .isEqualTo(some);
  }
}
