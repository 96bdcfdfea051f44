package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.Stage;

/**
 * The promotion a site waits for: entering a stage with the live model, or replacing the active
 * model by the candidate. It stays typed until the status is written, where {@link #statusText()}
 * renders it.
 */
public sealed interface PendingPromotion {

  /**
   * Entering {@code stage} with the live model version.
   *
   * @param stage the stage to enter
   */
  record ToStage(Stage stage) implements PendingPromotion {}

  /**
   * Replacing the active model by the candidate.
   *
   * @param version the candidate version
   */
  record ToVersion(String version) implements PendingPromotion {}

  /**
   * How status.pendingPromotion writes it ({@code Stage:Advisory}, {@code Version:1.3.0}); users
   * and the promotion metrics' {@code promotion} label read this text, so it never changes.
   */
  default String statusText() {
    return this instanceof ToVersion v
        ? "Version:" + v.version()
        : "Stage:" + ((ToStage) this).stage();
  }

  /** What an approval names to count for it: {@code stage Advisory} or {@code version 1.3.0}. */
  default String describe() {
    return this instanceof ToVersion v
        ? "version " + v.version()
        : "stage " + ((ToStage) this).stage();
  }
}
