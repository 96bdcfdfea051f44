package io.plantops.operator.status;

import java.util.List;

/**
 * A status computed as a value by a kind's aggregator, with the conditions that flipped computing
 * it: what {@link StatusRecorder} writes and turns into events.
 *
 * @param status the status to write
 * @param changes conditions that flipped
 * @param <S> the kind's status type
 */
public record StatusUpdate<S>(S status, List<Conditions.Change> changes) {
  public StatusUpdate {
    changes = List.copyOf(changes);
  }
}
