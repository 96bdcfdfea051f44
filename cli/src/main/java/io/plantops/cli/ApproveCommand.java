package io.plantops.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.Stage;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl plantops approve SITE (--stage S | --version V) [--role R]}. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve a stage for the site's live version, or its candidate version, now.",
      "approvedBy is written as the kubeconfig context's user; the API server's admission stamps"
          + " and checks the requester's identity and role (docs/cli.md)."
    })
final class ApproveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin Cluster cluster;

  @Parameters(index = "0", paramLabel = "SITE", description = "The SiteDeployment's name.")
  String site;

  static final class What {
    @Option(
        names = "--stage",
        required = true,
        paramLabel = "STAGE",
        description = "Stage to approve for the live version: ${COMPLETION-CANDIDATES}.")
    Stage stage;

    @Option(
        names = "--version",
        required = true,
        paramLabel = "VERSION",
        description = "Candidate model version to approve (the one running in shadow).")
    String version;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description =
          "Role you approve in, as the template's promotion policy names it (default: the one role"
              + " the site waits for, when it waits for one).")
  String role;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why, or a change record.")
  String comment;

  Approver.Request request() {
    return new Approver.Request(
        site,
        Optional.ofNullable(what.stage),
        Optional.ofNullable(what.version),
        Optional.ofNullable(role),
        Optional.ofNullable(comment));
  }

  @Override
  public Integer call() {
    Config config = cluster.config();
    String user =
        Cluster.kubeconfigUser(config)
            .orElseThrow(
                () ->
                    new PlantopsException(
                        "the kubeconfig context names no user: select a context with a user"
                            + " (--context)"));
    String namespace = cluster.namespace(config);
    try (KubernetesClient client = cluster.connect(config)) {
      Approval a = new Approver(client, namespace, user, Clock.systemUTC()).approve(request());
      spec.commandLine()
          .getOut()
          .println(
              "sitedeployment.plantops.io/"
                  + site
                  + " approved: "
                  + (a.stage() != null ? "stage " + a.stage() + " of version " : "version ")
                  + a.version()
                  + " as "
                  + a.role()
                  + " by "
                  + a.approvedBy()
                  + " at "
                  + a.at());
    }
    return 0;
  }
}
