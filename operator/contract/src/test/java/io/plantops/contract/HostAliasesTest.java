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
}
