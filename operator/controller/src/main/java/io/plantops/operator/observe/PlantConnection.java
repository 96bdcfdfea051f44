package io.plantops.operator.observe;

import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.SessionState;
import java.time.Instant;
import java.util.Optional;

/**
 * The plant connection as the operator last knew it from the connector's reports: the OPC UA
 * session state, the connector's explanation, whether the connection counts as lost and since when.
 * The connector reports a state, not its history, so the poller keeps this from one poll to the
 * next ({@link #next}): a connector that stops answering leaves the last report in place, and a
 * connector that reconnects after a loss ({@code Connecting} after {@code Disconnected}, also after
 * a restart of the connector) still has no plant connection.
 *
 * @param state the session state last reported
 * @param message why the session is not connected, as the connector said, if it said
 * @param lost whether the plant connection counts as lost: Disconnected or Refused, or Connecting
 *     again after one of them
 * @param since when {@code lost} took its current value, as the poller saw it: the first poll that
 *     reported it (the operator's start, for a state that held before)
 */
public record PlantConnection(
    SessionState state, Optional<String> message, boolean lost, Instant since) {

  /**
   * The session after a poll at {@code now} that read {@code probe}, from what was known before.
   * Empty while no report was ever read.
   */
  public static Optional<PlantConnection> next(
      Optional<PlantConnection> before, Probe<ConnectorStatus> probe, Instant now) {
    Optional<ConnectorStatus> report = probe.body().filter(s -> s.session() != null);
    if (report.isEmpty()) {
      // nothing new from the connector: what it said last still stands
      return before;
    }
    SessionState state = report.get().session();
    boolean wasLost = before.map(PlantConnection::lost).orElse(false);
    boolean lost =
        state == SessionState.Disconnected
            || state == SessionState.Refused
            || (state == SessionState.Connecting && wasLost);
    Instant since =
        before
            .filter(b -> b.lost() == lost && (lost || b.state() == state))
            .map(PlantConnection::since)
            .orElse(now);
    return Optional.of(
        new PlantConnection(
            state, Optional.ofNullable(report.get().sessionMessage()), lost, since));
  }
}
