package io.plantops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.zjsonpatch.JsonPatch;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.testing.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad manifest of {@code src/test/resources/admission/bad} through the operator's admission
 * webhook, as the API server sends it: each is a change to one of the examples (RFC 6902 patch),
 * optionally with other objects of the cluster changed first ({@code given}), and each must be
 * refused with every fragment of {@code expect} in the message. The examples themselves must pass.
 */
class AdmissionCorpusTest {

  static final Path CORPUS = Path.of("src/test/resources/admission/bad");
  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void corpusHoldsAtLeastThirtyBadManifests() throws IOException {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void refusesBadManifestNamingFieldAndFix(Path file) throws IOException {
    JsonNode c = YAML.readTree(file.toFile());
    List<HasMetadata> cluster = new ArrayList<>(Examples.all());
    for (JsonNode given : c.path("given")) {
      JsonNode changed = patched(given);
      HasMetadata replaced =
          cluster.stream().filter(o -> sameObject(o, changed)).findFirst().orElseThrow();
      cluster.remove(replaced);
      cluster.add(JSON.convertValue(changed, replaced.getClass()));
    }
    JsonNode old = example(c.path("base").asText());
    JsonNode object = patched(c);
    Set<String> roles = new HashSet<>();
    c.path("user").path("roles").forEach(r -> roles.add(r.asText()));
    String user = c.path("user").path("name").asText("j.dupont");
    AdmissionWebhook webhook =
        new AdmissionWebhook(reader(cluster), (who, ns, role) -> roles.contains(role));

    JsonNode review = review(object, old, user);
    JsonNode answer =
        "approvals".equals(c.path("webhook").asText())
            ? webhook.approvals(review)
            : webhook.specs(review);

    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("uid-1");
    assertThat(response.path("allowed").asBoolean(true)).as("%s allowed", file).isFalse();
    String message = response.path("status").path("message").asText();
    for (JsonNode fragment : c.path("expect")) {
      assertThat(message).as("refusal of %s", file).contains(fragment.asText());
    }
  }

  @Test
  void admitsEveryExample() {
    List<HasMetadata> cluster = Examples.all();
    AdmissionWebhook webhook = new AdmissionWebhook(reader(cluster), (who, ns, role) -> true);
    for (HasMetadata o : cluster) {
      if (!o.getApiVersion().startsWith("plantops.io/")) {
        continue;
      }
      JsonNode object = JSON.valueToTree(o);
      JsonNode answer = webhook.specs(review(object, null, "j.dupont"));
      assertThat(answer.path("response").path("allowed").asBoolean())
          .as("%s %s: %s", o.getKind(), o.getMetadata().getName(), answer)
          .isTrue();
    }
  }

  static ClusterReader reader(List<HasMetadata> cluster) {
    return ClusterReader.of(
        ofType(cluster, UseCaseTemplate.class),
        ofType(cluster, Plant.class),
        ofType(cluster, TagMapping.class));
  }

  static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** An AdmissionReview v1 as the API server sends it for a create (no old object) or update. */
  static JsonNode review(JsonNode object, JsonNode old, String user) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "uid-1");
    request
        .putObject("kind")
        .put("group", "plantops.io")
        .put("version", "v1alpha1")
        .put("kind", object.path("kind").asText());
    request.put("name", object.path("metadata").path("name").asText());
    if (object.path("metadata").has("namespace")) {
      request.put("namespace", object.path("metadata").path("namespace").asText());
    }
    request.put("operation", old == null ? "CREATE" : "UPDATE");
    request
        .putObject("userInfo")
        .put("username", user)
        .putArray("groups")
        .add("system:authenticated");
    request.set("object", object);
    if (old != null) {
      request.set("oldObject", old);
    }
    return review;
  }

  static JsonNode example(String relative) throws IOException {
    return YAML.readTree(Examples.DIR.resolve(relative).toFile());
  }

  static JsonNode patched(JsonNode change) throws IOException {
    JsonNode patch = change.has("patch") ? change.get("patch") : JSON.createArrayNode();
    return JsonPatch.apply(patch, example(change.path("base").asText()));
  }

  static boolean sameObject(HasMetadata o, JsonNode json) {
    return o.getKind().equals(json.path("kind").asText())
        && o.getMetadata().getName().equals(json.path("metadata").path("name").asText());
  }
}
