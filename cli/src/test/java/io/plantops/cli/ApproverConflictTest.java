package io.plantops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A concurrent edit between the read and the write makes the API server answer 409 Conflict (the
 * patch carries the resourceVersion read): the approval is recomputed from a fresh read.
 */
@EnableKubernetesMockClient
class ApproverConflictTest {

  static final String PATH = "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/sitedeployments/";

  KubernetesMockServer server;
  KubernetesClient client;

  SiteDeployment at(String resourceVersion) {
    SiteDeployment sd =
        Sites.site("plant-lyon", "kiln1-energy", Stage.Advisory, List.of(Sites.EXAMPLE_APPROVAL));
    sd.getMetadata().setResourceVersion(resourceVersion);
    sd.setStatus(Sites.shadowWaitingForAdvisory());
    return sd;
  }

  Object conflict() {
    return new StatusBuilder()
        .withCode(409)
        .withReason("Conflict")
        .withMessage(
            "the object has been modified; please apply your changes to the latest version")
        .build();
  }

  List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    int n = server.getRequestCount();
    for (int i = 0; i < n; i++) {
      all.add(server.takeRequest());
    }
    return all;
  }

  void approve() {
    new Approver(client, "plant-lyon", "me", ApproverTest.NOW)
        .approve(
            new Approver.Request(
                "kiln1-energy",
                Optional.of(Stage.Advisory),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
  }

  @Test
  void retriesFromAFreshReadAfterAConflict() throws Exception {
    AtomicInteger patched = new AtomicInteger();
    server
        .expect()
        .get()
        .withPath(PATH + "kiln1-energy")
        .andReply(200, r -> at(patched.get() == 0 ? "7" : "8"))
        .always();
    server
        .expect()
        .patch()
        .withPath(PATH + "kiln1-energy")
        .andReply(
            409,
            r -> {
              patched.incrementAndGet();
              return conflict();
            })
        .once();
    server.expect().patch().withPath(PATH + "kiln1-energy").andReturn(200, at("9")).once();
    approve();
    List<RecordedRequest> all = requests();
    List<String> patches =
        all.stream()
            .filter(r -> "PATCH".equals(r.getMethod()))
            .map(r -> r.getBody().readUtf8())
            .toList();
    assertThat(patches).hasSize(2);
    assertThat(patches.get(0))
        .contains("{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"7\"}");
    assertThat(patches.get(1))
        .contains("{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"8\"}")
        .contains("{\"op\":\"add\",\"path\":\"/spec/approvals/-\",\"value\":{")
        .contains("\"approvedBy\":\"me\"")
        .doesNotContain("j.dupont");
  }

  @Test
  void givesUpAfterRepeatedConflicts() throws Exception {
    server.expect().get().withPath(PATH + "kiln1-energy").andReturn(200, at("7")).always();
    server.expect().patch().withPath(PATH + "kiln1-energy").andReturn(409, conflict()).always();
    assertThatThrownBy(this::approve)
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    assertThat(requests())
        .filteredOn(r -> "PATCH".equals(r.getMethod()))
        .hasSize(Approver.ATTEMPTS);
  }
}
