package io.plantops.contract;

import java.util.List;

/** A resolved plant config that cannot be used, with every problem found. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("resolved plant config refused: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem, Throwable cause) {
    super("resolved plant config refused: " + problem, cause);
    this.problems = List.of(problem);
  }

  /** Each problem, naming the field and what is wrong. */
  public List<String> problems() {
    return problems;
  }
}
