package io.plantops.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** A request the plugin refuses or cannot complete; the message names the resource and the fix. */
final class PlantopsException extends RuntimeException {

  PlantopsException(String message) {
    super(message);
  }

  /** One line for the user: ours as written, the API server's status message otherwise. */
  static String describe(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null) {
      String message = k.getStatus().getMessage();
      return message != null && !message.isBlank() ? message : k.getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
