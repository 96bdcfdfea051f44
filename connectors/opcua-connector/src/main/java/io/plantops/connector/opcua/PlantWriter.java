package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalTable;
import java.util.concurrent.CompletableFuture;

/** Writes a canonical value to a mapped node (the OPC UA connection, or a test double). */
public interface PlantWriter {

  /** Writes {@code canonical} to the node of {@code entry}. */
  CompletableFuture<PlantConnection.WriteResult> write(SignalTable.Entry entry, double canonical);
}
