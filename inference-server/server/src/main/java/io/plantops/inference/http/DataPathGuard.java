package io.plantops.inference.http;

import io.plantops.contract.DataPathToken;
import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Checks a request's bearer token against the plant's data-path token file (RFC 6750).
 *
 * <p>Rotation: when the file changes, the digests of the tokens it held are still accepted for the
 * grace period, so a connector that has not seen the new Secret yet keeps delivering. Only digests
 * are kept, never tokens, and nothing here logs or echoes what a client sent.
 */
final class DataPathGuard {

  /** What a request's credential is worth; the refusals are the metric's reason label. */
  enum Verdict {
    ADMITTED(""),
    /** No {@code Authorization: Bearer} header. */
    MISSING("missing"),
    /** A bearer token that is not one of the plant's. */
    INVALID("invalid"),
    /** The server has no token to compare with (Secret not mounted or empty): fails closed. */
    UNCONFIGURED("unconfigured");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private static final System.Logger LOG = System.getLogger(DataPathGuard.class.getName());
  private static final String BEARER = "bearer ";

  private final DataPathToken token;
  private final long graceMs;
  private final LongSupplier clockMs;
  private List<byte[]> current = List.of();
  private List<byte[]> previous = List.of();
  private long previousUntilMs;
  private String lastProblem = "";

  DataPathGuard(DataPathToken token, long graceMs, LongSupplier clockMs) {
    this.token = token;
    this.graceMs = graceMs;
    this.clockMs = clockMs;
  }

  /** The verdict on the value of a request's {@code Authorization} header (null: none). */
  Verdict check(String authorization) {
    List<byte[]> accepted;
    List<byte[]> grace;
    try {
      List<byte[]> now = token.digests();
      synchronized (this) {
        if (now != current) {
          // a new version of the file: its predecessor's tokens stay good for the grace period
          if (!current.isEmpty()) {
            previous = current;
            previousUntilMs = clockMs.getAsLong() + graceMs;
            LOG.log(
                System.Logger.Level.INFO,
                "data-path token file {0} changed: the previous tokens are accepted for {1} ms",
                token.file(),
                graceMs);
          }
          current = now;
          lastProblem = "";
        }
        accepted = current;
        grace = clockMs.getAsLong() < previousUntilMs ? previous : List.of();
      }
    } catch (IOException e) {
      problem("data-path token file " + token.file() + " cannot be read: " + e);
      synchronized (this) {
        accepted = current;
        grace = clockMs.getAsLong() < previousUntilMs ? previous : List.of();
      }
    }
    if (accepted.isEmpty() && grace.isEmpty()) {
      problem(
          "data-path token file "
              + token.file()
              + " is missing or empty: every request that needs the token is refused");
      return Verdict.UNCONFIGURED;
    }
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Verdict.MISSING;
    }
    String presented = authorization.substring(BEARER.length()).strip();
    if (presented.isEmpty()) {
      return Verdict.MISSING;
    }
    byte[] digest = DataPathToken.digest(presented);
    // both lists are compared, always, so the time says nothing about which matched
    boolean ok = DataPathToken.matches(accepted, digest) | DataPathToken.matches(grace, digest);
    return ok ? Verdict.ADMITTED : Verdict.INVALID;
  }

  private void problem(String message) {
    synchronized (this) {
      if (message.equals(lastProblem)) {
        return;
      }
      lastProblem = message;
    }
    LOG.log(System.Logger.Level.ERROR, message);
  }
}
