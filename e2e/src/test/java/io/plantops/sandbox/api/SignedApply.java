package io.plantops.sandbox.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code kubectl apply} of a directory of examples as its people would apply it: each file by the
 * kubeconfig context of the user who signed its approvals (the API server records an approval only
 * for whom it authenticates), a file without approvals by the administrator.
 */
final class SignedApply {

  private static final Pattern SIGNER = Pattern.compile("approvedBy:\\s*(\\S+)");

  private SignedApply() {}

  /** The kubectl arguments that apply each YAML file of {@code dir}, in name order. */
  static List<List<String>> commands(Path dir, SandboxApiServer server) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<List<String>> commands = new ArrayList<>();
    for (Path f : files) {
      Matcher m = SIGNER.matcher(Files.readString(f));
      String user = SandboxUser.ADMIN;
      if (m.find()) {
        user = m.group(1);
        while (m.find()) {
          if (!m.group(1).equals(user)) {
            throw new IllegalArgumentException(f + " holds approvals of several people");
          }
        }
      }
      String context = server.user(user).contexts().get(0);
      commands.add(List.of("apply", "-f", f.toString(), "--context", context));
    }
    return commands;
  }
}
