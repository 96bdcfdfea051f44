package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Why the inference server refused a model version. On the wire it is one string, {@code
 * "DigestMismatch: the file has sha256 …"}, as status has always shown it; this type is the only
 * place that writes and reads that form.
 *
 * @param reason the kind of refusal; empty when a server of another version sent one this build
 *     does not know
 * @param detail what exactly is wrong, for people
 */
public record ModelRefusal(Optional<ModelRefusalReason> reason, String detail) {

  public ModelRefusal {
    reason = reason == null ? Optional.empty() : reason;
    detail = detail == null ? "" : detail;
  }

  /** A refusal of a known kind. */
  public static ModelRefusal of(ModelRefusalReason reason, String detail) {
    return new ModelRefusal(Optional.of(reason), detail);
  }

  /** Reads the wire form; text without a known reason is kept whole as the detail. */
  @JsonCreator
  public static ModelRefusal parse(String text) {
    if (text == null) {
      return null;
    }
    int colon = text.indexOf(": ");
    if (colon > 0) {
      String kind = text.substring(0, colon);
      for (ModelRefusalReason r : ModelRefusalReason.values()) {
        if (r.name().equals(kind)) {
          return of(r, text.substring(colon + 2));
        }
      }
    }
    return new ModelRefusal(Optional.empty(), text);
  }

  /** The wire form: {@code Reason: detail}. */
  @JsonValue
  @Override
  public String toString() {
    return reason.map(r -> r.name() + ": " + detail).orElse(detail);
  }
}
