package io.plantops.sandbox;

import static io.plantops.sandbox.SandboxAssertions.assertActiveModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.RingStatus;
import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.VersionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template of its own for the ring rollout scenario of {@link SandboxEndToEndIT}: the example
 * kiln energy template under another name, with only its first release and a rollout policy, so
 * that publishing its second release moves no example site. Each plant gets a FollowLatest
 * SiteDeployment of it; the plants' {@code spec.rolloutRing} decides who receives the new release
 * first.
 */
final class RingRollout {

  static final String TEMPLATE = "kiln-energy-rollout";

  private final KubernetesClient client;
  private final Path examples;
  private final ObjectNode example;

  RingRollout(KubernetesClient client, Path root) throws IOException {
    this.client = client;
    this.examples = root.resolve("examples");
    this.example =
        (ObjectNode)
            Serialization.unmarshal(
                Files.readString(examples.resolve("templates/kiln-energy-optimization.yaml")),
                JsonNode.class);
  }

  /** The example's releases, oldest first. */
  ArrayNode releases() {
    return (ArrayNode) example.path("spec").path("models");
  }

  /**
   * Creates the template with the example's first release only and {@code rollout: {onRingFailure:
   * Halt}}: every ring gated by its sites alone (all promoted, no soak, no approval).
   */
  UseCaseTemplate create() {
    ObjectNode template = example.deepCopy();
    template.with("metadata").removeAll().put("name", TEMPLATE);
    ObjectNode spec = template.with("spec");
    ArrayNode first = spec.arrayNode().add(releases().get(0).deepCopy());
    spec.set("models", first);
    spec.with("promotion").with("rollout").put("onRingFailure", "Halt");
    return client
        .resource(Serialization.jsonMapper().convertValue(template, UseCaseTemplate.class))
        .create();
  }

  /** Publishes the example's second release, released now, as the template's latest. */
  String publishNext() {
    ArrayNode models = releases().deepCopy();
    ObjectNode next = (ObjectNode) models.get(1);
    next.put("releasedAt", Instant.now().minusSeconds(1).toString());
    client
        .resources(UseCaseTemplate.class)
        .withName(TEMPLATE)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("spec", Map.of("models", models))));
    return next.path("version").asText();
  }

  /**
   * The example SiteDeployment {@code plants/<example>} under {@code name}: in Shadow, without
   * approvals, following this template's latest release from its first.
   */
  SiteDeployment site(String example, String name) throws IOException {
    SiteDeployment sd = Resources.copyInShadow(examples.resolve("plants").resolve(example), name);
    SiteDeploymentSpec spec = sd.getSpec();
    sd.setSpec(
        new SiteDeploymentSpec(
            spec.plantRef(),
            new TemplateRef(TEMPLATE, releases().get(0).path("version").asText()),
            VersionPolicy.FollowLatest,
            spec.tagMappingRef(),
            spec.stage(),
            spec.calibration(),
            spec.approvals()));
    return client.resource(sd).create();
  }

  /**
   * The reasons of the events about the template, recorded in {@code default} as for every
   * cluster-scoped object.
   */
  List<String> eventReasons() {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> TEMPLATE.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  void delete() {
    client.resources(UseCaseTemplate.class).withName(TEMPLATE).delete();
  }

  /** The template's rollout status, once it names {@code version}. */
  RolloutStatus awaitRollout(String version, String what, RolloutCheck check) {
    await(TEMPLATE + " rollout of " + version + ": " + what)
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(() -> check.accept(rollout(version)));
    return rollout(version);
  }

  RolloutStatus rollout(String version) {
    UseCaseTemplate template = client.resources(UseCaseTemplate.class).withName(TEMPLATE).get();
    RolloutStatus rollout =
        Optional.ofNullable(template.getStatus()).map(s -> s.rollout()).orElse(null);
    assertThat(rollout).as("status.rollout of " + TEMPLATE).isNotNull();
    assertThat(rollout.version()).as("status.rollout.version").isEqualTo(version);
    return rollout;
  }

  static RingStatus ring(RolloutStatus rollout, int ring) {
    return rollout.rings().stream()
        .filter(r -> r.ring() == ring)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ring " + ring + " in " + rollout));
  }

  /** The site runs {@code version} and scores no candidate. */
  static void assertOnlyRuns(SiteDeployment sd, String version) {
    assertActiveModel(sd, version);
    assertThat(sd.getStatus().candidateModel())
        .as("status.candidateModel of %s/%s", sd.getMetadata().getNamespace(), name(sd))
        .isNull();
  }

  static String name(SiteDeployment sd) {
    return sd.getMetadata().getName();
  }

  static boolean complete(RolloutStatus rollout) {
    return rollout.state() == RolloutState.Complete;
  }

  @FunctionalInterface
  interface RolloutCheck {
    void accept(RolloutStatus rollout) throws Exception;
  }
}
