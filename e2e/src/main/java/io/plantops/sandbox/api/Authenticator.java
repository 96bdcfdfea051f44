package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The sandbox API server's authenticator: a static token file, as {@code --token-auth-file} gives
 * one to a real API server. A request is made by the user whose token its {@code Authorization:
 * Bearer} header carries.
 */
final class Authenticator {

  private final List<SandboxUser> users;
  private final Map<String, SandboxUser> byToken;

  Authenticator(List<SandboxUser> users) {
    this.users = List.copyOf(users);
    this.byToken =
        users.stream().collect(Collectors.toMap(SandboxUser::token, Function.identity()));
  }

  /** Who makes {@code request}; empty when it carries no token, or one nobody has. */
  Optional<SandboxUser> authenticate(RecordedRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byToken.get(header.substring(7).trim()));
  }

  List<SandboxUser> users() {
    return users;
  }

  /** The user named {@code name}. */
  SandboxUser user(String name) {
    return users.stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the sandbox has no user " + name));
  }
}
