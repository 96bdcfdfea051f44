package io.plantops.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {

  // FIPS 180-2 appendix B.1 test vector
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void matchesTheStandardTestVector() {
    assertThat(Digests.sha256Hex("abc")).isEqualTo(ABC);
    assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(ABC);
    assertThat(Digests.hex(Digests.newSha256().digest("abc".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(ABC);
  }

  @Test
  void aShortDigestIsAPrefixOfTheFullOne() {
    assertThat(Digests.shortSha256Hex("abc", 6)).isEqualTo(ABC.substring(0, 12));
    assertThatThrownBy(() -> Digests.shortSha256Hex("abc", 33)).hasMessageContaining("1 to 32");
  }
}
