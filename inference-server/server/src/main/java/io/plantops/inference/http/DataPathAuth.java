package io.plantops.inference.http;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether, and how, the plant's data path is authenticated.
 *
 * @param tokenFile the token file (the data-path Secret's key {@code token}); empty: the data path
 *     is open, every endpoint answers without a credential
 * @param modelEndpoints whether the Open Inference Protocol v2 endpoints ({@code /v2...}) require
 *     the token too ({@code PLANTOPS_DATAPATH_AUTH_MODEL_ENDPOINTS}, default true)
 * @param graceMs how long the tokens of a replaced file are still accepted, so that a peer that
 *     sees the new Secret later is not refused meanwhile ({@code PLANTOPS_DATAPATH_GRACE_MS},
 *     default 10 minutes: kubelet's sync period and cache TTL add up to about two)
 */
public record DataPathAuth(Optional<Path> tokenFile, boolean modelEndpoints, long graceMs) {

  /** No authentication: every endpoint is open. */
  public static DataPathAuth off() {
    return new DataPathAuth(Optional.empty(), false, 0);
  }

  /** The token in {@code file} required on {@code /v1/signals} and {@code /v1/recommendations}. */
  public static DataPathAuth required(Path file, boolean modelEndpoints, long graceMs) {
    return new DataPathAuth(Optional.of(file), modelEndpoints, graceMs);
  }

  public boolean enabled() {
    return tokenFile.isPresent();
  }
}
