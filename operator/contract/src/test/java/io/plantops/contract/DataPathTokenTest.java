package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathTokenTest {

  @TempDir Path dir;

  @Test
  void generatesA256BitBase64UrlTokenEachTime() {
    String a = DataPathToken.generate();

    assertThat(Base64.getUrlDecoder().decode(a)).hasSize(32);
    assertThat(a).doesNotContain("=").isNotEqualTo(DataPathToken.generate());
  }

  @Test
  void followsAFileReplacedByAnotherAsKubernetesDoes() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "  first \n\nsecond\n");
    DataPathToken token = new DataPathToken(file);
    assertThat(token.tokens()).containsExactly("first", "second");
    assertThat(token.first()).hasValue("first");

    Path fresh = dir.resolve("token.new");
    Files.writeString(fresh, "third\n");
    Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    assertThat(token.tokens()).containsExactly("third");
    assertThat(token.accepts("third")).isTrue();
    assertThat(token.accepts("first")).isFalse();
  }

  @Test
  void hasNoTokenWhileTheFileIsMissing() throws Exception {
    DataPathToken token = new DataPathToken(dir.resolve("absent"));

    assertThat(token.tokens()).isEmpty();
    assertThat(token.first()).isEmpty();
    assertThat(token.accepts("")).isFalse();
  }

  @Test
  void matchesDigestsOfAnyLengthWithoutMatchingPrefixes() {
    List<byte[]> accepted = List.of(DataPathToken.digest("abcdef"));

    assertThat(DataPathToken.matches(accepted, DataPathToken.digest("abcdef"))).isTrue();
    assertThat(DataPathToken.matches(accepted, DataPathToken.digest("abc"))).isFalse();
    assertThat(DataPathToken.matches(List.of(), DataPathToken.digest("abcdef"))).isFalse();
  }

  @Test
  void neverShowsTheTokenInItsDescription() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cret\n");
    DataPathToken token = new DataPathToken(file);
    token.tokens();

    assertThat(token.toString()).doesNotContain("s3cret");
  }
}
