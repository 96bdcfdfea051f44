package io.plantops.connector.write;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Writes and withheld writes since the connector started (kept across config reloads). */
public final class WriteStats {

  private final AtomicLong writes = new AtomicLong();
  private final Map<String, AtomicLong> withheld = new ConcurrentHashMap<>();

  void written() {
    writes.incrementAndGet();
  }

  void withheld(String reason) {
    withheld.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  /** Writes done. */
  public long writes() {
    return writes.get();
  }

  /** Withheld writes by reason label, sorted. */
  public Map<String, Long> withheld() {
    Map<String, Long> result = new TreeMap<>();
    withheld.forEach((k, v) -> result.put(k, v.get()));
    return result;
  }
}
