package io.plantops.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.SiteDeployment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubectl plantops status [-A]}: the fleet table. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "The fleet: per site its plant, live phase and desired stage, model version, drift, KPIs"
            + " against the plant's baseline, and what it waits for, as the operator reports it.")
final class StatusCommand implements Callable<Integer> {

  static final List<String> HEADERS =
      List.of("PLANT", "SITE", "PHASE", "DESIRED", "VERSION", "DRIFT", "KPI", "WAITING FOR");

  @Spec CommandSpec spec;

  @Mixin Cluster cluster;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace (every plant), not only the current one.")
  boolean allNamespaces;

  @Override
  public Integer call() {
    Config config = cluster.config();
    String namespace = cluster.namespace(config);
    List<SiteDeployment> sites;
    try (KubernetesClient client = cluster.connect(config)) {
      var resources = client.resources(SiteDeployment.class);
      sites =
          allNamespaces
              ? resources.inAnyNamespace().list().getItems()
              : resources.inNamespace(namespace).list().getItems();
    }
    if (sites.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              allNamespaces
                  ? "No resources found"
                  : "No resources found in " + namespace + " namespace.");
      return 0;
    }
    // picocli's writer flushes on println only
    spec.commandLine().getOut().print(render(sites, allNamespaces));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The table of {@code sites}, sorted by namespace, plant and name. */
  static String render(List<SiteDeployment> sites, boolean withNamespace) {
    List<String> headers = new ArrayList<>();
    if (withNamespace) {
      headers.add("NAMESPACE");
    }
    headers.addAll(HEADERS);
    Table table = new Table(headers);
    sites.stream()
        .map(FleetRow::of)
        .sorted(
            Comparator.comparing(FleetRow::namespace)
                .thenComparing(FleetRow::plant)
                .thenComparing(FleetRow::site))
        .forEach(
            r -> {
              List<String> cells = new ArrayList<>();
              if (withNamespace) {
                cells.add(r.namespace());
              }
              cells.addAll(
                  List.of(
                      r.plant(),
                      r.site(),
                      r.phase(),
                      r.desired(),
                      r.version(),
                      r.drift(),
                      r.kpi(),
                      r.waitingFor()));
              table.add(cells);
            });
    return table.render();
  }
}
