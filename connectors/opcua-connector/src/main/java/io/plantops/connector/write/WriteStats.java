package io.plantops.connector.write;

import io.plantops.contract.WriteReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Writes and withheld writes since the connector started (kept across config reloads). */
public final class WriteStats {

  private final AtomicLong writes = new AtomicLong();
  private final Map<WriteReason, AtomicLong> withheld = new ConcurrentHashMap<>();

  void written() {
    writes.incrementAndGet();
  }

  void withheld(WriteReason reason) {
    withheld.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  /** Writes done. */
  public long writes() {
    return writes.get();
  }

  /** Withheld writes by reason. */
  public Map<WriteReason, Long> withheld() {
    Map<WriteReason, Long> result = new EnumMap<>(WriteReason.class);
    withheld.forEach((k, v) -> result.put(k, v.get()));
    return result;
  }
}
