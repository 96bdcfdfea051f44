package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostAliasesTest {

  @Test
  void rewritesOnlyTheNamedAuthority() {
    HostAliases aliases =
        HostAliases.parse("lyon-dcs.plant-lyon.example:4840=127.0.0.1:40001, a:1=b:2");
    assertThat(aliases.rewrite("opc.tcp://lyon-dcs.plant-lyon.example:4840/lyon"))
        .isEqualTo("opc.tcp://127.0.0.1:40001/lyon");
    assertThat(aliases.rewrite("http://other:8080/v1")).isEqualTo("http://other:8080/v1");
  }

  @Test
  void isANoOpWhenUnset() {
    assertThat(HostAliases.parse(null).rewrite("http://x:1/")).isEqualTo("http://x:1/");
  }

  @Test
  void rejectsAMalformedEntryNamingIt() {
    assertThatThrownBy(() -> HostAliases.parse("a:1=b:2,broken")).hasMessageContaining("'broken'");
  }

  @Test
  void followsTheAliasFileWhenItChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("aliases");
    HostAliases aliases = HostAliases.withFile(HostAliases.parse("fixed:1=127.0.0.1:9"), file);
    assertThat(aliases.rewrite("http://svc:80/x")).isEqualTo("http://svc:80/x");
    java.nio.file.Files.writeString(file, "svc:80=127.0.0.1:4000\nfixed:1=elsewhere:2\n");
    assertThat(aliases.rewrite("http://svc:80/x")).isEqualTo("http://127.0.0.1:4000/x");
    assertThat(aliases.rewrite("http://fixed:1/"))
        .as("the environment wins")
        .isEqualTo("http://127.0.0.1:9/");
    java.nio.file.Files.writeString(file, "svc:80=127.0.0.1:5000\n");
    java.nio.file.Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(aliases.rewrite("http://svc:80/x")).isEqualTo("http://127.0.0.1:5000/x");
  }
}
