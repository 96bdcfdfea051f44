package io.plantops.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StalenessTest {

  private static ConnectorSettings settings(int staleAfterIntervals) {
    return new ConnectorSettings("http://x", 1_000_000, staleAfterIntervals, 300, true, 30);
  }

  @Test
  void aSignalIsStaleAfterItsIntervalsWithoutEvidence() {
    Staleness rule = Staleness.of(settings(3));
    assertThat(rule.isStale(0, 3_000, 1_000)).isFalse();
    assertThat(rule.isStale(0, 3_001, 1_000)).isTrue();
  }

  @Test
  void aSubscriptionIsSilentAfterItsIntervalsOfKeepAlivePeriodsWithoutAPublishResponse() {
    Staleness rule = Staleness.of(settings(3));
    // keep-alive period 10 s: a value that has not changed is valid while responses arrive
    assertThat(rule.subscriptionSilent(1_000, 31_000, 10_000)).isFalse();
    assertThat(rule.subscriptionSilent(1_000, 31_001, 10_000)).isTrue();
    // never answered: nothing vouches for any value yet
    assertThat(rule.subscriptionSilent(0, 1, 10_000)).isTrue();
  }

  @Test
  void aValueIsTooOldOnlyWhenItsMappingSetsAMaximumAge() {
    long fourHours = Duration.ofHours(4).toMillis();
    assertThat(Staleness.tooOld(0, fourHours, fourHours)).isFalse();
    assertThat(Staleness.tooOld(0, fourHours + 1, fourHours)).isTrue();
    assertThat(Staleness.tooOld(0, Long.MAX_VALUE, null)).isFalse();
    assertThat(Staleness.tooOld(0, Long.MAX_VALUE, 0L)).isFalse();
  }

  @Test
  void theDownstreamSideAddsItsDeliveryAllowance() {
    Staleness rule = Staleness.of(settings(3)).withDeliveryAllowance(Duration.ofSeconds(5));
    assertThat(rule.staleAfterMs(1_000)).isEqualTo(8_000);
    assertThat(rule.isStale(0, 8_000, 1_000)).isFalse();
    assertThat(rule.isStale(0, 8_001, 1_000)).isTrue();
  }

  @Test
  void aConfigWithoutACountGetsTheApiDefault() {
    assertThat(Staleness.of(null).intervals()).isEqualTo(Staleness.DEFAULT_INTERVALS);
    assertThat(Staleness.of(settings(0)).intervals()).isEqualTo(Staleness.DEFAULT_INTERVALS);
    assertThat(Staleness.of(settings(5)).intervals()).isEqualTo(5);
  }
}
