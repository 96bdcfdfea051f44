package io.plantops.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.operator.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fleet curve's harness on a tiny fleet: it counts what it says it counts. Times are not looked
 * at (a benchmark's figures are not a test's business).
 */
class FleetCurveTest {

  @Test
  void countsTheRequestsOfATinyFleetAndReplaysAsManyWritesForTheFloor() throws Exception {
    int plants = 2;
    int perPlant = 2;
    FleetCurve curve = new FleetCurve(Duration.ofSeconds(1), false);
    FleetCurve.Point p =
        curve.point(
            new OperatorBenchmark(plants, perPlant, MockCluster.Store.INDEXED),
            plants,
            perPlant,
            MockCluster.Store.INDEXED);

    // the test client created each plant's namespace, Plant, TagMapping and SiteDeployments
    assertThat(p.testByVerb()).containsEntry("create", (long) plants * (3 + perPlant));
    // one status write per SiteDeployment, and the plants' dependents created once each
    assertThat(p.operatorWritesByKind())
        .containsEntry("plantops.io/sitedeployments/status", (long) plants * perPlant)
        .containsEntry("apps/deployments", 2L * plants)
        .containsEntry("core/services", 2L * plants)
        .containsEntry("core/serviceaccounts", 2L * plants)
        .containsEntry("core/secrets", (long) plants);
    long writes = p.operatorWritesByKind().values().stream().mapToLong(Long::longValue).sum();
    assertThat(p.operatorWrites()).isEqualTo(writes);
    long byVerb =
        p.operatorByVerb().entrySet().stream()
            .filter(e -> !e.getKey().equals("get"))
            .filter(e -> !e.getKey().equals("list"))
            .filter(e -> !e.getKey().equals("watch"))
            .mapToLong(e -> e.getValue())
            .sum();
    assertThat(byVerb).as("writes by verb %s", p.operatorByVerb()).isEqualTo(writes);
    // the floor replays exactly as many writes as the operator made
    assertThat(p.floorWrites()).isEqualTo(writes);
  }
}
