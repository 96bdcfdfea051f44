package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.connector.ManualClock;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Advice and operator adoption in the Advisory phase. */
class AdvisoryPathTest {

  private static final long T = 1_700_000_000_000L;
  private static final long WINDOW_MS = 60_000;
  private static final ResolvedPlantConfig LYON = SampleConfigs.lyon(Autonomy.Advisory);
  private static final UseCaseConfig KILN = LYON.useCase("kiln1-energy").orElseThrow();

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T);
  private final SignalStore store = WriteFixtures.store(LYON);
  private final AdoptionTracker adoption = new AdoptionTracker(WINDOW_MS);
  private final int setpoint = store.table().byName("kiln.fuel.setpoint").orElseThrow().index();
  private AuditLog audit;
  private AdvisoryPath advisory;

  @BeforeEach
  void open() throws Exception {
    audit = AuditLog.open(dir, 1 << 20, clock);
    advisory =
        new AdvisoryPath(
            LYON, store, adoption, audit, WriteFixtures.metrics(), clock, Optional.empty());
    operatorSets(10.0);
  }

  private void operatorSets(double tonnesPerHour) {
    store.accept(setpoint, tonnesPerHour, StatusCodes.Good, clock.millis(), clock.millis());
  }

  @Test
  void publishesAdviceAndOpensAnEpisodeFromTheCurrentSetpoint() {
    advisory.advise(KILN, advice(1, 11.0));

    assertThat(advisory.latestAdvice()).containsKey("kiln1-energy");
    assertThat(WriteFixtures.lines(audit))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.path("action").asText()).isEqualTo("Advised");
              assertThat(a.path("old").asDouble()).isCloseTo(10.0, within(1e-9));
              assertThat(a.path("requested").asDouble()).isCloseTo(11.0, within(1e-9));
            });
    assertThat(advisory.adoptionByUseCase().get("kiln1-energy")).containsExactly(1, 0);
  }

  @Test
  void closesTheEpisodeAsFollowedWhenOperatorsMoveTheSetpointTowardsTheAdvice() {
    advisory.advise(KILN, advice(1, 11.0));
    clock.advance(5_000);
    operatorSets(10.8);

    advisory.tick();

    assertThat(WriteFixtures.actions(audit)).containsExactly("Advised:", "AdviceFollowed:");
    assertThat(advisory.adoptionByUseCase().get("kiln1-energy")).containsExactly(1, 1);
  }

  @Test
  void closesTheEpisodeAsNotFollowedWhenTheWindowPassesWithoutAMove() {
    advisory.advise(KILN, advice(1, 11.0));
    clock.advance(WINDOW_MS + 1_000);
    operatorSets(10.0);

    advisory.tick();

    assertThat(WriteFixtures.actions(audit)).containsExactly("Advised:", "AdviceNotFollowed:");
    assertThat(advisory.adoptionByUseCase().get("kiln1-energy")).containsExactly(1, 0);
  }

  @Test
  void ignoresARecommendationMadeInAnotherPhase() {
    Recommendation closedLoop =
        new Recommendation(
            1,
            "kiln1-energy",
            "1.2.0",
            Autonomy.ClosedLoop,
            T,
            "snapshot-1",
            advice(1, 11.0).outputs(),
            List.of());

    advisory.advise(KILN, closedLoop);

    assertThat(advisory.latestAdvice()).isEmpty();
    assertThat(WriteFixtures.lines(audit)).isEmpty();
  }

  @Test
  void keepsThePreviousConfigsLatestAdvicePublished() {
    advisory.advise(KILN, advice(1, 11.0));

    AdvisoryPath next =
        new AdvisoryPath(
            LYON, store, adoption, audit, WriteFixtures.metrics(), clock, Optional.of(advisory));

    assertThat(next.latestAdvice()).containsKey("kiln1-energy");
  }

  private static Recommendation advice(long seq, double value) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        "1.2.0",
        Autonomy.Advisory,
        T,
        "snapshot-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", value, value, false)),
        List.of());
  }
}
