package io.plantops.operator.config;

import io.plantops.operator.PlantopsOperator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Readiness of the operator: started, and every informer watching. A follower (not holding the
 * Lease) is ready too: it is up and will take over when the leader goes.
 */
public class OperatorHealthIndicator implements HealthIndicator {

  private final PlantopsOperator operator;

  public OperatorHealthIndicator(PlantopsOperator operator) {
    this.operator = operator;
  }

  @Override
  public Health health() {
    var info = operator.runtimeInfo();
    Health.Builder health = operator.healthy() ? Health.up() : Health.down();
    health.withDetail("started", info.isStarted()).withDetail("leader", operator.leader());
    if (info.isStarted() && !info.allEventSourcesAreHealthy()) {
      health.withDetail("unhealthyEventSources", info.unhealthyEventSources().keySet());
    }
    return health.withDetail("identity", operator.identity()).build();
  }
}
