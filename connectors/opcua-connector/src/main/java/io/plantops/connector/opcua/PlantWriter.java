package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalTable;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/** Writes a canonical value to a mapped node (the OPC UA session, or a test double). */
public interface PlantWriter {

  /** Writes {@code canonical} to the node of {@code entry}. */
  CompletableFuture<WriteResult> write(SignalTable.Entry entry, double canonical);

  /**
   * Writes guidance tags in one Write call, each encoded as its node's DataType. Completes with one
   * status per tag, in order, or exceptionally when the session is down. Guidance tags are not
   * mapped signals: they are named by NodeId only.
   */
  default CompletableFuture<List<StatusCode>> writeGuidance(List<GuidanceTag> tags) {
    return CompletableFuture.failedFuture(
        new UaException(StatusCodes.Bad_NotSupported, "this writer does not write guidance"));
  }

  /**
   * One guidance tag and the value it gets.
   *
   * @param nodeId NodeId string (ns= or nsu=)
   * @param value a {@link Double} (raw advised value), a {@link String} (reasons) or an {@link
   *     Instant} (heartbeat: a DateTime node gets the instant, a numeric node Unix seconds)
   */
  record GuidanceTag(String nodeId, Object value) {}

  /**
   * A completed write.
   *
   * @param status the plant's answer
   * @param raw value sent, in the tag's unit
   * @param canonical the sent value back in the canonical unit (differs by rounding for integers)
   */
  record WriteResult(StatusCode status, double raw, double canonical) {}
}
