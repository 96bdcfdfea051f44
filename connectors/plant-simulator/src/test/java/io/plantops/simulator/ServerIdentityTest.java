package io.plantops.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {

  @Test
  void keepsTheSameCertificateAcrossRestartsWhenGivenADirectory(@TempDir Path dir) {
    ServerIdentity first = ServerIdentity.loadOrGenerate(dir, "urn:x", "x");
    ServerIdentity second = ServerIdentity.loadOrGenerate(dir, "urn:x", "x");
    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(second.keyPair().getPrivate().getEncoded())
        .isEqualTo(first.keyPair().getPrivate().getEncoded());
    assertThat(Files.exists(dir.resolve("server.key"))).isTrue();
  }

  @Test
  void generatesANewCertificateWithoutADirectory() {
    assertThat(ServerIdentity.generate("urn:x", "x").certificate())
        .isNotEqualTo(ServerIdentity.generate("urn:x", "x").certificate());
  }
}
