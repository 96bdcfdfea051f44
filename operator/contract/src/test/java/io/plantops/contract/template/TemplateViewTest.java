package io.plantops.contract.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantops.contract.Aggregation;
import io.plantops.contract.template.TemplateView.Role;
import io.plantops.contract.template.TemplateView.Wanted;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemplateViewTest {

  private static final Path TEMPLATES =
      Path.of(System.getProperty("plantops.root", "../..")).resolve("examples/templates");

  @Test
  void readsTheExampleTemplateAsTheModelToolsAndTheSuggesterNeedIt() throws Exception {
    TemplateView t = TemplateView.read(TEMPLATES.resolve("kiln-energy-optimization.yaml"));
    assertThat(t.name()).isEqualTo("kiln-energy-optimization");
    assertThat(t.inputs()).isNotEmpty();
    assertThat(t.inputs())
        .allSatisfy(i -> assertThat(i.aggregation()).isIn((Object[]) Aggregation.values()));
    assertThat(t.inputs()).allSatisfy(i -> assertThat(i.windowSeconds()).isPositive());
    assertThat(t.outputs()).extracting(TemplateView.OutputSpec::name).isNotEmpty();
    assertThat(t.wanted()).extracting(Wanted::role).contains(Role.Input, Role.Setpoint);
  }

  @Test
  void refusesADocumentWithoutSpecNamingTheFile() {
    assertThatThrownBy(() -> TemplateView.parse("metadata: {name: x}\n"))
        .hasMessageContaining("no spec");
  }
}
