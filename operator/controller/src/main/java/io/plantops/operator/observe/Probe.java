package io.plantops.operator.observe;

import java.util.Optional;

/**
 * The outcome of reading one status endpoint. Records compare by value, so an event fires only when
 * what the workload reports changed; the error text is normalised (no timestamps) for the same
 * reason.
 *
 * @param reachability whether the endpoint answered
 * @param body the document, when it answered
 * @param error why it did not, when it did not
 * @param <T> the status document type
 */
public record Probe<T>(Reachability reachability, Optional<T> body, Optional<String> error) {

  /** Not polled yet, or polling disabled. */
  public static <T> Probe<T> notPolled() {
    return new Probe<>(Reachability.NotPolled, Optional.empty(), Optional.empty());
  }

  /** The endpoint answered with {@code body}. */
  public static <T> Probe<T> reachable(T body) {
    return new Probe<>(Reachability.Reachable, Optional.of(body), Optional.empty());
  }

  /** The endpoint did not answer usefully. */
  public static <T> Probe<T> unreachable(String error) {
    return new Probe<>(Reachability.Unreachable, Optional.empty(), Optional.of(error));
  }
}
