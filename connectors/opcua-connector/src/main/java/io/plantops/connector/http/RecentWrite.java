package io.plantops.connector.http;

import java.time.Instant;

/**
 * A setpoint write the connector made, withheld or failed, as the console lists it (from the audit
 * log, which the HTTP surface does not read itself).
 *
 * @param at when
 * @param useCase the use case whose output it is
 * @param output the output
 * @param action {@code Written}, {@code Withheld} or {@code WriteFailed}
 * @param value the value written, or the one that was to be written
 * @param unit its unit
 * @param reason why it was withheld or failed, with the detail; empty for a write
 */
public record RecentWrite(
    Instant at,
    String useCase,
    String output,
    String action,
    Double value,
    String unit,
    String reason) {}
