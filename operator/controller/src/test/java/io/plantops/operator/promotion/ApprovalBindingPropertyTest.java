package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.ApprovalStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.admission.AdmissionWebhook;
import io.plantops.operator.admission.ClusterReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 16, item 8: no sequence of spec updates by a plant-team identity yields a counted approval
 * for a role it does not hold. Each generated update goes through the operator's approval webhook
 * (as the API server sends it: userInfo of the plant engineer, old and new object) with an
 * authorizer that grants the plant engineer its plant roles only; an admitted update is stored, and
 * after each one the approvals are counted by {@link Approvals}, the promotion engine's own
 * evaluation, for a pending ClosedLoop stage and a pending version.
 */
class ApprovalBindingPropertyTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String PLANT_ENGINEER = "p.eng";
  static final Set<String> HELD = Set.of("plant-process-engineer", "plant-manager");
  static final List<String> NAMES = List.of(PLANT_ENGINEER, "k.schmidt", "a.martin");
  static final List<String> ROLES =
      List.of(
          "plant-process-engineer", "plant-manager", "corporate-ai-lead", "plant-quality-manager");
  static final List<String> VERSIONS = List.of("1.2.0", "1.3.0");
  static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
  static final String AT = "2026-12-01T10:00:00Z";

  final AdmissionWebhook webhook =
      new AdmissionWebhook(
          ClusterReader.of(List.of(), List.of(), List.of()),
          (who, ns, role) -> who.username().equals(PLANT_ENGINEER) && HELD.contains(role));

  @Property(tries = 300)
  void plantIdentityNeverGetsACountedApprovalForARoleItDoesNotHold(
      @ForAll @Size(min = 1, max = 40)
          List<@Size(6) List<@IntRange(min = 0, max = 999) Integer>> steps) {
    // stored before the plant engineer edits: the corporate lead's approval of another stage
    List<Approval> stored =
        new ArrayList<>(
            List.of(
                new Approval(Stage.Advisory, null, "k.schmidt", "corporate-ai-lead", AT, null)));
    for (List<Integer> step : steps) {
      List<Approval> proposed = propose(stored, step);
      JsonNode answer = webhook.approvals(review(proposed, stored));
      boolean admitted = answer.path("response").path("allowed").asBoolean();
      Statistics.label("admitted").collect(admitted);
      if (admitted) {
        stored = proposed;
      }
      for (Approvals.Result r : counted(stored)) {
        for (ApprovalStatus s : r.statuses()) {
          if (Boolean.TRUE.equals(s.counted())) {
            assertThat(HELD).as("counted approval %s after %s", s, stored).contains(s.role());
          }
        }
      }
    }
    Statistics.label("admitted")
        .coverage(
            c -> {
              c.check(true).count(n -> n > 0);
              c.check(false).count(n -> n > 0);
            });
  }

  /** The approvals counted for a pending ClosedLoop stage and for a pending version 1.3.0. */
  static List<Approvals.Result> counted(List<Approval> approvals) {
    return List.of(
        Approvals.evaluate(
            approvals,
            new PendingPromotion.ToStage(Stage.ClosedLoop),
            "1.2.0",
            List.of("plant-manager", "corporate-ai-lead"),
            90,
            Optional.empty(),
            Optional.empty(),
            NOW),
        Approvals.evaluate(
            approvals,
            new PendingPromotion.ToVersion("1.3.0"),
            "1.2.0",
            List.of("corporate-ai-lead"),
            90,
            Optional.empty(),
            Optional.empty(),
            NOW));
  }

  /** One edit of the approvals list: add, remove, rewrite one field of one, or reorder. */
  static List<Approval> propose(List<Approval> stored, List<Integer> s) {
    List<Approval> next = new ArrayList<>(stored);
    String name = NAMES.get(s.get(1) % NAMES.size());
    String role = ROLES.get(s.get(2) % ROLES.size());
    Stage stage =
        s.get(3) % 3 == 0 ? null : (s.get(3) % 3 == 1 ? Stage.Advisory : Stage.ClosedLoop);
    String version = s.get(4) % 3 == 0 ? null : VERSIONS.get(s.get(4) % 2);
    if (stage == null && version == null) {
      version = "1.3.0";
    }
    int index = next.isEmpty() ? 0 : s.get(5) % next.size();
    switch (s.get(0) % 5) {
      case 0 -> next.add(new Approval(stage, version, name, role, AT, null));
      case 1 -> {
        if (!next.isEmpty()) {
          next.remove(index);
        }
      }
      case 2 -> {
        if (!next.isEmpty()) {
          Approval a = next.get(index);
          next.set(
              index,
              new Approval(a.stage(), a.version(), a.approvedBy(), role, a.at(), a.comment()));
        }
      }
      case 3 -> {
        if (!next.isEmpty()) {
          Approval a = next.get(index);
          next.set(index, new Approval(stage, version, a.approvedBy(), a.role(), a.at(), "edited"));
        }
      }
      default -> {
        if (!next.isEmpty()) {
          next.add(next.remove(0));
        }
      }
    }
    return next;
  }

  static JsonNode review(List<Approval> proposed, List<Approval> stored) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "u").put("operation", "UPDATE").put("namespace", "plant-lyon");
    request.put("name", "kiln1-energy");
    request.putObject("kind").put("kind", "SiteDeployment");
    request
        .putObject("userInfo")
        .put("username", PLANT_ENGINEER)
        .putArray("groups")
        .add("plant-lyon-team");
    request.set("object", siteDeployment(proposed));
    request.set("oldObject", siteDeployment(stored));
    return review;
  }

  static JsonNode siteDeployment(List<Approval> approvals) {
    ObjectNode sd = JSON.createObjectNode();
    sd.put("kind", "SiteDeployment").putObject("metadata").put("name", "kiln1-energy");
    sd.putObject("spec").set("approvals", JSON.valueToTree(approvals));
    return sd;
  }
}
