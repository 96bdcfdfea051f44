package io.plantops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.SessionState;
import io.plantops.operator.testing.Workloads;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlantConnectionTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-20T10:00:15Z");
  static final Instant T2 = Instant.parse("2026-11-20T10:00:30Z");

  static Probe<ConnectorStatus> reporting(SessionState state) {
    return Probe.reachable(Workloads.connector("lyon", state));
  }

  static Optional<PlantConnection> after(
      Optional<PlantConnection> before, SessionState state, Instant now) {
    return PlantConnection.next(before, reporting(state), now);
  }

  @Test
  void aFirstConnectIsNotALostConnection() {
    Optional<PlantConnection> c = after(Optional.empty(), SessionState.Connecting, T0);

    assertThat(c).hasValueSatisfying(x -> assertThat(x.lost()).isFalse());
  }

  @Test
  void aDisconnectedOrRefusedSessionIsLostSinceThePollThatFirstSawIt() {
    Optional<PlantConnection> connected = after(Optional.empty(), SessionState.Connected, T0);

    Optional<PlantConnection> lost = after(connected, SessionState.Disconnected, T1);
    assertThat(lost).hasValueSatisfying(x -> assertThat(x.lost()).isTrue());
    assertThat(lost.get().since()).isEqualTo(T1);
    assertThat(after(lost, SessionState.Disconnected, T2).get().since())
        .as("a loss that goes on keeps its start")
        .isEqualTo(T1);
    assertThat(after(connected, SessionState.Refused, T1).get().lost()).isTrue();
  }

  @Test
  void reconnectingAfterALossIsStillLostUntilTheSessionIsUp() {
    Optional<PlantConnection> lost =
        after(after(Optional.empty(), SessionState.Connected, T0), SessionState.Disconnected, T1);

    Optional<PlantConnection> reconnecting = after(lost, SessionState.Connecting, T2);
    assertThat(reconnecting.get().lost()).isTrue();
    assertThat(reconnecting.get().since()).isEqualTo(T1);
    assertThat(reconnecting.get().state()).isEqualTo(SessionState.Connecting);

    Optional<PlantConnection> back = after(reconnecting, SessionState.Connected, T2.plusSeconds(9));
    assertThat(back.get().lost()).isFalse();
    assertThat(back.get().since()).isEqualTo(T2.plusSeconds(9));
  }

  @Test
  void aConnectorThatDoesNotAnswerLeavesItsLastReportInPlace() {
    Optional<PlantConnection> lost =
        after(after(Optional.empty(), SessionState.Connected, T0), SessionState.Disconnected, T1);

    assertThat(PlantConnection.next(lost, Probe.unreachable("connection refused"), T2))
        .isEqualTo(lost);
    assertThat(PlantConnection.next(Optional.empty(), Probe.notPolled(), T2)).isEmpty();
  }

  @Test
  void carriesTheConnectorsExplanation() {
    ConnectorStatus explained =
        Workloads.connector("lyon", SessionState.Disconnected, "session lost; reconnecting");

    assertThat(
            PlantConnection.next(Optional.empty(), Probe.reachable(explained), T0).get().message())
        .hasValue("session lost; reconnecting");
  }
}
