package io.plantops.connector.http;

import java.util.Map;

/**
 * The bounds of the connector's HTTP surface.
 *
 * @param maxBodyBytes the largest request body read ({@code PLANTOPS_MAX_BODY_BYTES}, default 1
 *     MiB); a larger one is answered 413, whether its length is declared or it comes chunked
 * @param plantWorkers threads that talk to the plant for browse and suggest ({@code
 *     PLANTOPS_HTTP_PLANT_WORKERS}, default 2): each holds OPC UA Browse calls against a server
 *     that limits them
 * @param plantQueue browse and suggest requests that may wait for such a thread ({@code
 *     PLANTOPS_HTTP_PLANT_QUEUE}, default 8); beyond it, 503 {@code PlantBusy}
 */
public record HttpLimits(long maxBodyBytes, int plantWorkers, int plantQueue) {

  public static final String MAX_BODY_BYTES_ENV = "PLANTOPS_MAX_BODY_BYTES";
  public static final String PLANT_WORKERS_ENV = "PLANTOPS_HTTP_PLANT_WORKERS";
  public static final String PLANT_QUEUE_ENV = "PLANTOPS_HTTP_PLANT_QUEUE";

  public HttpLimits {
    if (maxBodyBytes < 1 || plantWorkers < 1 || plantQueue < 0) {
      throw new IllegalArgumentException(
          "HTTP limits need maxBodyBytes >= 1, plantWorkers >= 1 and plantQueue >= 0, got "
              + maxBodyBytes
              + ", "
              + plantWorkers
              + ", "
              + plantQueue);
    }
  }

  /** The defaults: 1 MiB bodies, 2 plant workers, 8 waiting. */
  public static HttpLimits defaults() {
    return new HttpLimits(1L << 20, 2, 8);
  }

  /** Reads the limits; a malformed value is an error naming the variable and its range. */
  public static HttpLimits fromEnvironment(Map<String, String> env) {
    HttpLimits d = defaults();
    return new HttpLimits(
        number(env, MAX_BODY_BYTES_ENV, d.maxBodyBytes(), 1024, 1L << 30),
        (int) number(env, PLANT_WORKERS_ENV, d.plantWorkers(), 1, 64),
        (int) number(env, PLANT_QUEUE_ENV, d.plantQueue(), 0, 1024));
  }

  private static long number(
      Map<String, String> env, String name, long fallback, long min, long max) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + "='" + v + "' is not an integer; set a value in [" + min + ", " + max + "]", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          name + "=" + n + " must lie in [" + min + ", " + max + "]");
    }
    return n;
  }
}
