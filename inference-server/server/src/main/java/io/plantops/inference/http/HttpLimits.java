package io.plantops.inference.http;

/**
 * What the HTTP server allows a client, each from the environment (see {@code Settings}).
 *
 * @param maxBodyBytes largest request body a route reads ({@code PLANTOPS_MAX_BODY_BYTES}); a
 *     larger one is answered 413, fixed-length or chunked alike
 * @param headerTimeoutMs time from a request's first byte to the end of its headers ({@code
 *     PLANTOPS_HTTP_HEADER_TIMEOUT_MS}); then the connection is closed
 * @param bodyTimeoutMs time to receive a whole request body ({@code
 *     PLANTOPS_HTTP_BODY_TIMEOUT_MS}); then 408, however steadily the bytes trickle in
 * @param idleTimeoutMs time a kept-alive connection may wait for its next request ({@code
 *     PLANTOPS_HTTP_IDLE_TIMEOUT_MS})
 * @param maxConnections open connections at once ({@code PLANTOPS_HTTP_MAX_CONNECTIONS}); further
 *     ones wait in the listen backlog until one closes
 */
public record HttpLimits(
    long maxBodyBytes,
    long headerTimeoutMs,
    long bodyTimeoutMs,
    long idleTimeoutMs,
    int maxConnections) {

  /** Headers per request: a client sending more is refused before any route. */
  public static final int MAX_HEADERS = 100;

  /** Bytes of the request line and headers together. */
  public static final int MAX_HEADER_BYTES = 64 * 1024;

  /** The defaults with another body limit (tests). */
  public static HttpLimits withMaxBody(long maxBodyBytes) {
    return new HttpLimits(maxBodyBytes, 10_000, 30_000, 60_000, 512);
  }

  /**
   * Bytes of an over-limit body read and discarded before the 413 is sent, so that the client,
   * still sending, is not reset before it reads the answer (a socket closed with unread bytes sends
   * RST). A body declaring more is answered at once and its connection closed.
   */
  public long drainBytes() {
    return Math.max(maxBodyBytes * 4, 16L << 20);
  }
}
