package io.plantops.operator.admission;

import java.util.List;
import java.util.Map;

/**
 * Who makes a write, as the API server authenticated them: the {@code userInfo} of the admission
 * request, never anything the request body says.
 *
 * @param username the authenticated user name
 * @param uid the user's uid, when the authenticator gives one
 * @param groups the user's groups
 * @param extra further attributes from the authenticator (e.g. scopes)
 */
public record Requester(
    String username, String uid, List<String> groups, Map<String, List<String>> extra) {

  public Requester {
    username = username == null ? "" : username;
    groups = groups == null ? List.of() : List.copyOf(groups);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** A requester with a name and groups only. */
  public static Requester of(String username, String... groups) {
    return new Requester(username, null, List.of(groups), Map.of());
  }
}
