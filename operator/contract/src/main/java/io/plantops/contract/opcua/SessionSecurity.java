package io.plantops.contract.opcua;

import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a plant's OPC UA session is too weak for what the plant configures: the one rule that the
 * operator applies to the Plant's status (before anything connects) and that the connector applies
 * before it opens a session (it then refuses to connect at all). Both refusals are lifted only by
 * {@code opcua.allowInsecure}, meant for isolated test benches.
 *
 * <ul>
 *   <li><b>Writable mappings over an insecure session</b>: SecurityPolicy None, MessageSecurityMode
 *       None or an anonymous user while any mapping of the plant is ReadWrite. Every ReadWrite
 *       mapping counts, whether or not a use case uses it yet: a SiteDeployment can start to use a
 *       mapping without any change to the Plant, and the refusal must not arrive with it.
 *   <li><b>A user name and password over SecurityPolicy None</b>: without a secure channel the
 *       client has not checked the server's certificate against its trust list (Part 4 §6.1), so
 *       the password goes to whichever server answers at the endpoint's address, even when the
 *       UserNameIdentityToken itself is encrypted with the certificate that server presents.
 * </ul>
 */
public final class SessionSecurity {

  private SessionSecurity() {}

  /** What a refusal is about. */
  public enum Kind {
    /** Writable mappings over SecurityPolicy None, mode None or an anonymous user. */
    WRITES_OVER_INSECURE_SESSION,
    /** A user name and password over SecurityPolicy None. */
    PASSWORD_WITHOUT_SECURITY
  }

  /**
   * One refusal.
   *
   * @param kind what it is about
   * @param message what a person reads: what is wrong, with which fields, and the fix
   */
  public record Refusal(Kind kind, String message) {}

  /** True when the channel is not secured: SecurityPolicy None or MessageSecurityMode None. */
  public static boolean channelInsecure(OpcUaSettings s) {
    return isNone(s.securityPolicy()) || isNone(s.securityMode());
  }

  /** True when the session has no user identity (anonymous). */
  public static boolean anonymous(OpcUaSettings s) {
    return s.usernameFile() == null || s.usernameFile().isBlank();
  }

  /**
   * Why the plant's session is refused, in the order of {@link Kind}; empty when it is not, or when
   * {@code allowInsecure} is set.
   *
   * @param s the plant's OPC UA settings; {@link OpcUaSettings#readWriteSignals()} are counted as
   *     writable
   * @param writableInUse the canonical signals that use cases write (also counted as writable)
   */
  public static List<Refusal> refusals(OpcUaSettings s, Collection<String> writableInUse) {
    if (s.allowInsecure()) {
      return List.of();
    }
    List<Refusal> refusals = new ArrayList<>();
    TreeSet<String> writable = new TreeSet<>(writableInUse);
    writable.addAll(s.readWriteSignals());
    if (!writable.isEmpty() && (channelInsecure(s) || anonymous(s))) {
      List<String> what = new ArrayList<>();
      if (isNone(s.securityPolicy())) {
        what.add("securityPolicy None");
      }
      if (isNone(s.securityMode())) {
        what.add("securityMode None");
      }
      if (anonymous(s)) {
        what.add("an anonymous user");
      }
      refusals.add(
          new Refusal(
              Kind.WRITES_OVER_INSECURE_SESSION,
              String.join(", ", what)
                  + " while "
                  + writable
                  + " are mapped ReadWrite: set securityPolicy (e.g. Basic256Sha256), securityMode"
                  + " SignAndEncrypt and userSecretRef, map those tags Read, or set allowInsecure:"
                  + " true to accept unauthenticated setpoint writes on an isolated test bench"));
    }
    if (!anonymous(s) && isNone(s.securityPolicy())) {
      refusals.add(
          new Refusal(
              Kind.PASSWORD_WITHOUT_SECURITY,
              "a user name and password (userSecretRef) over securityPolicy None: the server's"
                  + " certificate is never checked, so the password would go to whichever server"
                  + " answers; set securityPolicy (e.g. Basic256Sha256) with a trusted server"
                  + " certificate, drop userSecretRef, or set allowInsecure: true on an isolated"
                  + " test bench"));
    }
    return List.copyOf(refusals);
  }

  /** All refusals as one sentence, or empty. */
  public static Optional<String> describe(List<Refusal> refusals) {
    return refusals.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join("; ", refusals.stream().map(Refusal::message).toList()));
  }

  private static boolean isNone(String value) {
    return "None".equalsIgnoreCase(value == null ? "" : value.trim());
  }
}
