package io.plantops.connector.browse;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.rules.SuggestMarks;
import io.plantops.contract.template.TemplateView;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.expressions.manifest.Violation;
import io.plantops.simulator.ExampleMappings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The onboarding stream: who may write, and what the plant team must complete. */
class OnboardingManifestsTest {

  private static final Suggestion SUGGESTION =
      new Suggestion(
          "feed-control",
          List.of(
              new Suggestion.Mapping(
                  "kiln.feed.rate",
                  TemplateView.Role.Input,
                  "nsu=urn:example:tags;s=FEED",
                  "FEED",
                  "",
                  "unknown unit 'bbl/d' (unitId 4337492)",
                  1000,
                  false,
                  0.55,
                  List.of(
                      "unit: unknown unit 'bbl/d' (unitId 4337492); the plant team must name it"),
                  "FEED",
                  null,
                  null),
              new Suggestion.Mapping(
                  "kiln.feed.setpoint",
                  TemplateView.Role.Setpoint,
                  "nsu=urn:example:tags;s=FEED_SP",
                  "FEED_SP",
                  "t/h",
                  null,
                  1000,
                  true,
                  0.9,
                  List.of("access: writable, as a setpoint must be"),
                  "FEED_SP",
                  null,
                  null)),
          List.of(
              new Suggestion.Unmatched(
                  "kiln.speed", TemplateView.Role.Input, "no variable with a compatible unit")));

  private static final TemplateView TEMPLATE =
      new TemplateView(new TemplateView.Metadata("feed-control"), null);

  private static final OnboardingManifests.Names NAMES =
      new OnboardingManifests.Names("example", "plant-example", "example-feed", "feed-control");

  private static OpcUaSettings settings(String policy, String mode, String usernameFile) {
    return new OpcUaSettings(
        "opc.tcp://scada.example.net:4840",
        policy,
        mode,
        policy.equals("None") ? null : "tls.crt",
        policy.equals("None") ? null : "tls.key",
        usernameFile,
        usernameFile == null ? null : "password",
        policy.equals("None") ? null : "trusted",
        false);
  }

  private static Map<String, List<Violation>> validate(String yaml) throws Exception {
    return ManifestValidator.fromCrdDirectory(
            ExampleMappings.examplesDir().getParent().resolve("crds"))
        .validateYaml(yaml);
  }

  @Test
  void anUnknownUnitStaysAnEntryToCompleteThatTheSchemaRefuses() throws Exception {
    String yaml =
        OnboardingManifests.render(
            SUGGESTION,
            TEMPLATE,
            NAMES,
            settings("Basic256Sha256", "SignAndEncrypt", "username"),
            "opc.tcp://scada.example.net:4840");
    assertThat(yaml)
        .contains("# TO COMPLETE: unknown unit 'bbl/d' (unitId 4337492); write the site unit")
        .contains("# Unmatched: map these by hand")
        .contains("#   kiln.speed (input): no variable with a compatible unit");
    Map<String, List<Violation>> violations = validate(yaml);
    assertThat(violations.get("Plant/example")).isEmpty();
    assertThat(violations.get("SiteDeployment/feed-control")).isEmpty();
    assertThat(violations.get("TagMapping/example-feed"))
        .extracting(Violation::path)
        .containsExactly("spec.mappings[0].unit");
    // secure, with a user: the setpoint may be written
    assertThat(yaml).contains("access: ReadWrite").doesNotContain("mapped Read, not ReadWrite");
  }

  @Test
  void aSecureChannelWithoutAUserStillMapsSetpointsRead() {
    String yaml =
        OnboardingManifests.render(
            SUGGESTION,
            TEMPLATE,
            NAMES,
            settings("Basic256Sha256", "Sign", null),
            "opc.tcp://scada.example.net:4840");
    assertThat(yaml)
        .contains("access: Read")
        .doesNotContain("access: ReadWrite")
        .contains("# mapped Read, not ReadWrite: the session is anonymous");
    assertThat(OnboardingManifests.readOnlyReason(settings("Basic256Sha256", "Sign", "u")))
        .isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void marksEachEntryItWroteSoThatEditsAndHandAddedEntriesCanBeTold() {
    String yaml =
        OnboardingManifests.render(
            SUGGESTION,
            TEMPLATE,
            NAMES,
            settings("Basic256Sha256", "SignAndEncrypt", "username"),
            "opc.tcp://scada.example.net:4840");
    Map<String, Object> tagMapping = null;
    for (Object doc : new Yaml().loadAll(yaml)) {
      Map<String, Object> m = (Map<String, Object>) doc;
      if ("TagMapping".equals(m.get("kind"))) {
        tagMapping = m;
      }
    }
    assertThat(tagMapping).isNotNull();
    Map<String, Object> annotations =
        (Map<String, Object>) ((Map<String, Object>) tagMapping.get("metadata")).get("annotations");
    Map<String, String> marks =
        SuggestMarks.read(Optional.of((String) annotations.get(SuggestMarks.ANNOTATION)));
    assertThat(marks).containsOnlyKeys("kiln.feed.rate", "kiln.feed.setpoint");
    List<Map<String, Object>> entries =
        (List<Map<String, Object>>) ((Map<String, Object>) tagMapping.get("spec")).get("mappings");
    // read back as written, every entry is the suggestion's own
    for (Map<String, Object> e : entries) {
      assertThat(SuggestMarks.origin(entry(e), marks))
          .as("%s", e.get("signal"))
          .isEqualTo(SuggestMarks.Origin.Suggested);
    }
    // the team completes the unit it was asked to name: an edit; a new description is not
    Map<String, Object> completed = new LinkedHashMap<>(entries.get(0));
    completed.put("unit", "m3/h");
    completed.put("description", "feed flow, checked on site");
    assertThat(SuggestMarks.origin(entry(completed), marks)).isEqualTo(SuggestMarks.Origin.Edited);
    Map<String, Object> described = new LinkedHashMap<>(entries.get(1));
    described.put("description", "feed set point, checked on site");
    assertThat(SuggestMarks.origin(entry(described), marks))
        .isEqualTo(SuggestMarks.Origin.Suggested);
    // the unmatched signal, mapped by hand
    Map<String, Object> byHand = new LinkedHashMap<>(entries.get(0));
    byHand.put("signal", "kiln.speed");
    assertThat(SuggestMarks.origin(entry(byHand), marks)).isEqualTo(SuggestMarks.Origin.Manual);
  }

  private static SuggestMarks.Entry entry(Map<String, Object> e) {
    return new SuggestMarks.Entry(
        (String) e.get("signal"),
        (String) e.get("nodeId"),
        (String) e.get("unit"),
        null,
        null,
        (Integer) e.get("samplingIntervalMs"),
        (String) e.get("access"),
        null,
        null);
  }
}
