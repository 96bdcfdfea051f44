package io.plantops.simulator;

import java.util.Map;

/**
 * How the simulated server lets clients in.
 *
 * @param allowNone offer the SecurityPolicy None endpoint (besides Basic256Sha256,
 *     Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss)
 * @param allowAnonymous accept anonymous sessions
 * @param anonymousWrites let anonymous sessions write setpoints (a real DCS would not)
 * @param users user name to password
 * @param autoAcceptClientCertificates trust every client certificate (sandbox convenience;
 *     otherwise only certificates given with {@link PlantSimulator#trustClientCertificate})
 */
public record SecurityOptions(
    boolean allowNone,
    boolean allowAnonymous,
    boolean anonymousWrites,
    Map<String, String> users,
    boolean autoAcceptClientCertificates) {

  public SecurityOptions {
    users = Map.copyOf(users);
  }

  /** None and secure endpoints, anonymous read access, no users. */
  public static SecurityOptions defaults() {
    return new SecurityOptions(true, true, false, Map.of(), false);
  }

  /** A copy with one more user. */
  public SecurityOptions withUser(String user, String password) {
    var copy = new java.util.HashMap<>(users);
    copy.put(user, password);
    return new SecurityOptions(
        allowNone, allowAnonymous, anonymousWrites, copy, autoAcceptClientCertificates);
  }
}
