package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalTable;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/** Writes a canonical value to a mapped node (the OPC UA session, or a test double). */
public interface PlantWriter {

  /** Writes {@code canonical} to the node of {@code entry}. */
  CompletableFuture<WriteResult> write(SignalTable.Entry entry, double canonical);

  /**
   * A completed write.
   *
   * @param status the plant's answer
   * @param raw value sent, in the tag's unit
   * @param canonical the sent value back in the canonical unit (differs by rounding for integers)
   */
  record WriteResult(StatusCode status, double raw, double canonical) {}
}
