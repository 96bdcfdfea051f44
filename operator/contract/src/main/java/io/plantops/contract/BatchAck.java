package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The inference server's answer to a batch.
 *
 * @param accepted samples accepted
 * @param rejected samples refused, each with the reason (unknown signal, NaN, ...)
 * @param duplicate true when the batch id was already seen and nothing was applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchAck(int accepted, List<Rejection> rejected, boolean duplicate) {

  public BatchAck {
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /**
   * One refused sample.
   *
   * @param signal signal name as sent
   * @param reason why it was refused
   */
  public record Rejection(String signal, String reason) {}
}
