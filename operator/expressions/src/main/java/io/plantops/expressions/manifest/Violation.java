package io.plantops.expressions.manifest;

/**
 * One reason a manifest is invalid.
 *
 * @param path the field, in kubectl's dotted form (e.g. {@code spec.mappings[2].unit})
 * @param message what is wrong
 */
public record Violation(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
