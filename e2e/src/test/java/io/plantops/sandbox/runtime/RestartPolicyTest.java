package io.plantops.sandbox.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.rules.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  RestartPolicy policy =
      new RestartPolicy(
          new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, new Random(1)));

  @Test
  void startsAtOnceTheFirstTime() {
    assertThat(policy.state()).isEqualTo(ContainerState.Pending);
    assertThat(policy.mayStart(T0)).isTrue();
    policy.started();
    assertThat(policy.state()).isEqualTo(ContainerState.Running);
    assertThat(policy.mayStart(T0)).as("a running container is not started again").isFalse();
  }

  @Test
  void aCrashWaitsOutADoublingBackOffInCrashLoopBackOff() {
    policy.started();
    assertThat(policy.exited(T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.state()).isEqualTo(ContainerState.CrashLoopBackOff);
    assertThat(policy.mayStart(T0.plusMillis(999))).isFalse();
    assertThat(policy.mayStart(T0.plusSeconds(1))).isTrue();
    policy.started();
    assertThat(policy.exited(T0.plusSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.nextStart()).isEqualTo(T0.plusSeconds(4));
    assertThat(policy.restarts()).isEqualTo(2);
  }

  @Test
  void aReadyContainerStartsTheBackOffOver() {
    policy.started();
    policy.exited(T0);
    policy.started();
    policy.exited(T0.plusSeconds(1));
    policy.started();
    policy.ready();
    assertThat(policy.exited(T0.plusSeconds(60))).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.restarts()).as("restarts still count").isEqualTo(3);
  }

  @Test
  void aCommandThatCannotBeLaunchedIsAStartErrorRetriedWithBackOff() {
    assertThat(policy.failedToStart(T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.state()).isEqualTo(ContainerState.StartError);
    assertThat(policy.restarts()).isZero();
    assertThat(policy.mayStart(T0.plusSeconds(1))).isTrue();
  }
}
