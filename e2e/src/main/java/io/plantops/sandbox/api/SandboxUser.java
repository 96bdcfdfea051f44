package io.plantops.sandbox.api;

import io.plantops.operator.admission.Requester;
import io.plantops.sandbox.rbac.Rbac;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A user of the sandbox's API server: a bearer token it authenticates, the groups that RBAC binds
 * (chart-rbac.yaml, rendered from the chart with these groups; sandbox-rbac.yaml), and the
 * kubeconfig contexts that select it. Tokens are random for each start of the server.
 *
 * <p>The plant engineer and the quality manager are the people who signed the examples' approvals
 * at Lyon, so that those approvals are written by whom they name.
 *
 * @param name the user name the API server authenticates, and the kubeconfig's user entry
 * @param contexts the kubeconfig contexts for this user
 * @param groups the groups of the user ({@code system:authenticated} is added)
 * @param token the bearer token
 */
public record SandboxUser(String name, List<String> contexts, List<String> groups, String token) {

  /** The cluster administrator: what the sandbox itself, the operator and the tests use. */
  public static final String ADMIN = "sandbox-admin";

  /** The group every authenticated user is in. */
  public static final String AUTHENTICATED = "system:authenticated";

  public SandboxUser {
    contexts = List.copyOf(contexts);
    groups = Stream.concat(groups.stream(), Stream.of(AUTHENTICATED)).distinct().toList();
  }

  /** The identity the API server gives this user's requests (admission's userInfo). */
  public Requester requester() {
    return new Requester(name, null, groups, java.util.Map.of());
  }

  /** The sandbox's users, each with a fresh random token. */
  static List<SandboxUser> withFreshTokens() {
    SecureRandom random = new SecureRandom();
    List<SandboxUser> users = new ArrayList<>();
    users.add(user(random, ADMIN, List.of("plantops-sandbox", "admin"), Rbac.MASTERS));
    // a process engineer of the Lyon plant team, who approves as plant-process-engineer there
    users.add(
        user(
            random,
            "j.dupont",
            List.of("plant-engineer"),
            "lyon-engineers",
            "lyon-process-engineers"));
    users.add(
        user(
            random,
            "m.bernard",
            List.of("quality-manager"),
            "lyon-engineers",
            "lyon-quality-managers"));
    // corporate AI team: owns the templates; approves as corporate-ai-lead anywhere
    users.add(
        user(random, "a.moreau", List.of("corporate-lead"), "corporate-ai", "corporate-ai-leads"));
    users.add(user(random, "l.petit", List.of("viewer"), "plantops-viewers"));
    return List.copyOf(users);
  }

  private static SandboxUser user(
      SecureRandom random, String name, List<String> contexts, String... groups) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return new SandboxUser(name, contexts, List.of(groups), HexFormat.of().formatHex(bytes));
  }
}
