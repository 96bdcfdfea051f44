package io.plantops.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.function.Consumer;

/**
 * Writes a primary resource's status with {@code PUT .../status} carrying the resourceVersion the
 * status was computed from, and puts the answer in the controller's cache so that the next
 * reconciliation starts from it.
 *
 * <p>Why not {@code UpdateControl.patchStatus}: without server-side apply, JOSDK 5.2 sends a JSON
 * Patch computed against the cached resource, with the resourceVersion removed. JSON Patch
 * addresses list elements by index, so when the cache lags behind the last write, the patch is
 * applied to a different list than it was computed from: the fleet view, the conditions and the
 * history come out scrambled (RestartTest caught a template whose fleet entries had swapped their
 * phases). A full status with optimistic locking is either applied as computed or refused with 409,
 * and then reconciled again from a fresh cache.
 */
public final class StatusWriter {

  private StatusWriter() {}

  /** Writes {@code primary} with its status set by {@code setStatus}. */
  public static <P extends HasMetadata> void write(
      P primary, Context<P> context, Consumer<P> setStatus) {
    P copy =
        context
            .getControllerConfiguration()
            .getConfigurationService()
            .getResourceCloner()
            .clone(primary);
    setStatus.accept(copy);
    P updated = context.getClient().resource(copy).updateStatus();
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(primary), updated, primary);
  }

  /** True when {@code error} is an optimistic-locking conflict: retry from a fresh cache. */
  public static boolean conflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
