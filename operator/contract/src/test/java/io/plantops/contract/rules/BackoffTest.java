package io.plantops.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromInitialUpToMaxWithoutJitter() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, new Random(1));
    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      seconds.add(b.next().toSeconds());
    }
    assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    assertThat(b.failures()).isEqualTo(8);
  }

  @Test
  void jitterOnlyStretchesAndStaysWithinItsFraction() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, new Random(7));
    Duration base = Duration.ofSeconds(1);
    for (int i = 0; i < 50; i++) {
      Duration d = b.next();
      assertThat(d).isBetween(base, Duration.ofMillis((long) (base.toMillis() * 1.2)));
      base =
          base.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
              ? Duration.ofSeconds(30)
              : base.multipliedBy(2);
    }
  }

  @Test
  void twoLoopsThatFailTogetherDoNotRetryTogether() {
    Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, new Random(1));
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, new Random(2));
    a.next();
    b.next();
    assertThat(a.next()).isNotEqualTo(b.next());
  }

  @Test
  void aSuccessStartsOverFromInitial() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0, new Random());
    b.next();
    b.next();
    b.next();
    b.reset();
    assertThat(b.failures()).isZero();
    assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void refusesASenselessPolicy() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, new Random()))
        .hasMessageContaining("0 < initial <= max");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, new Random()))
        .hasMessageContaining("0 < initial <= max");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5, new Random()))
        .hasMessageContaining("fraction from 0 to 1");
  }
}
