package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.plantops.api.v1alpha1.OpcUaEndpoint;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.WorkloadResources;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import io.plantops.contract.rules.Digests;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.model.Labels;
import io.plantops.operator.model.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deployment of one per-plant workload. Deliberately plain so that the local sandbox can run it
 * as a process (image to jar, volumes materialised under PLANTOPS_MOUNT_ROOT, port from
 * PLANTOPS_HTTP_PORT):
 *
 * <ul>
 *   <li>one container, env {@code PLANTOPS_CONFIG_FILE} and {@code PLANTOPS_HTTP_PORT}, one HTTP
 *       port named {@code http} with liveness, readiness and startup probes on the contract paths;
 *   <li>the resolved config mounted as a directory (not subPath) so that ConfigMap updates reach
 *       the file and the workload hot-reloads it, without a restart;
 *   <li>the OPC UA Secrets mounted read-only into the connector only, never copied anywhere;
 *   <li>the plant's data-path Secret ({@link Names#dataPathSecret}) mounted read-only into both:
 *       the connector sends its token, the inference server requires it ({@code
 *       PLANTOPS_DATAPATH_AUTH=required}, so a missing mount fails closed);
 *   <li>model ConfigMaps ({@code configmap://name/key} URIs) mounted optional into the inference
 *       server, so that a missing one shows as a refused model rather than a pod that never starts;
 *   <li>restricted pod security (Pod Security Standards "restricted"): non-root, read-only root
 *       filesystem, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, no
 *       service account token (the workloads never call the Kubernetes API);
 *   <li>the connector's data directory (buffer, audit log, PKI state) on the Plant's
 *       PersistentVolumeClaim when it names one, else on an emptyDir;
 *   <li>strategy Recreate: two connectors must never write to the same plant at once, and two
 *       inference servers would split one plant's data.
 * </ul>
 */
public final class DeploymentSpecs {

  static final String CONFIG_VOLUME = "plant-config";
  static final String DATA_VOLUME = "data";
  static final String TMP_VOLUME = "tmp";
  static final String OPCUA_CLIENT_VOLUME = "opcua-client";
  static final String OPCUA_USER_VOLUME = "opcua-user";
  static final String OPCUA_TRUSTED_VOLUME = "opcua-trusted";
  static final String DATAPATH_VOLUME = "datapath";
  private static final int READ_ONLY_MODE = 0444;
  private static final int SECRET_MODE = 0440;
  private static final String TMP_SIZE = "64Mi";
  private static final long DATA_HEADROOM_MIB = 64;

  private DeploymentSpecs() {}

  /** The Deployment of {@code workload} for the Plant in {@code view}. */
  public static Deployment deployment(Workload workload, PlantView view) {
    Plant plant = view.plant();
    String name = plant.getMetadata().getName();
    OperatorProperties.Workloads settings = view.workloads();
    Map<String, String> labels =
        Labels.of(workload.component(), name, tag(workload.image(plant, settings)));
    Map<String, String> podAnnotations = new LinkedHashMap<>();
    // conventional scrape hints for annotation-based Prometheus discovery
    podAnnotations.put("prometheus.io/scrape", "true");
    podAnnotations.put("prometheus.io/port", String.valueOf(workload.port()));
    podAnnotations.put("prometheus.io/path", Ports.METRICS_PATH);

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(Names.plantConfig(name))
            .withItems(new KeyToPath(MountPaths.CONFIG_KEY, null, MountPaths.CONFIG_KEY))
            .withDefaultMode(READ_ONLY_MODE)
            .endConfigMap()
            .build());
    mounts.add(mount(CONFIG_VOLUME, MountPaths.CONFIG_DIR));
    long dataMiB =
        workload == Workload.CONNECTOR
            ? plant.getSpec().connector().bufferMaxMiB() + DATA_HEADROOM_MIB
            : DATA_HEADROOM_MIB * 4;
    Optional<String> claim =
        workload == Workload.CONNECTOR
            ? Optional.ofNullable(plant.getSpec().connector().dataVolumeClaim())
                .filter(c -> !c.isBlank())
            : Optional.empty();
    volumes.add(
        claim
            .map(
                c ->
                    new VolumeBuilder()
                        .withName(DATA_VOLUME)
                        .withNewPersistentVolumeClaim()
                        .withClaimName(c)
                        .endPersistentVolumeClaim()
                        .build())
            .orElseGet(
                () ->
                    new VolumeBuilder()
                        .withName(DATA_VOLUME)
                        .withNewEmptyDir()
                        .withSizeLimit(new Quantity(dataMiB + "Mi"))
                        .endEmptyDir()
                        .build()));
    mounts.add(
        new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(MountPaths.DATA_DIR).build());
    volumes.add(
        new VolumeBuilder()
            .withName(TMP_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(TMP_SIZE))
            .endEmptyDir()
            .build());
    mounts.add(
        new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(MountPaths.TMP_DIR).build());
    volumes.add(secret(DATAPATH_VOLUME, Names.dataPathSecret(name)));
    mounts.add(mount(DATAPATH_VOLUME, DataPathToken.DIR));
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("PLANTOPS_CONFIG_FILE", MountPaths.CONFIG_FILE, null));
    env.add(new EnvVar(Ports.HTTP_PORT_ENV, String.valueOf(workload.port()), null));
    if (workload == Workload.INFERENCE_SERVER) {
      env.add(new EnvVar(DataPathToken.AUTH_ENV, "required", null));
      env.add(
          new EnvVar(
              DataPathToken.MODEL_ENDPOINTS_ENV,
              String.valueOf(settings.modelEndpointsRequireToken()),
              null));
    }
    if (workload == Workload.CONNECTOR) {
      secretMounts(plant.getSpec().opcua(), volumes, mounts);
    } else {
      for (String configMap : view.rendered().modelConfigMaps()) {
        String volume = "model-" + Digests.shortSha256Hex(configMap, 6);
        volumes.add(
            new VolumeBuilder()
                .withName(volume)
                .withNewConfigMap()
                .withName(configMap)
                .withOptional(true)
                .withDefaultMode(READ_ONLY_MODE)
                .endConfigMap()
                .build());
        mounts.add(mount(volume, MountPaths.MODELS_DIR + "/" + configMap));
      }
    }

    long uid = settings.runAsUser();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(workload.name(name))
        .withNamespace(plant.getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withRevisionHistoryLimit(3)
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Labels.selectorOf(workload.component(), name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(workload.name(name))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(
            new ContainerBuilder()
                .withName(workload.container())
                .withImage(workload.image(plant, settings))
                .withImagePullPolicy(settings.imagePullPolicy())
                .addNewPort()
                .withName(Names.HTTP_PORT_NAME)
                .withContainerPort(workload.port())
                .withProtocol("TCP")
                .endPort()
                .withEnv(env)
                .withResources(resources(workload, plant, settings))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withCapabilities(dropAll())
                .endSecurityContext()
                .withStartupProbe(probe(Ports.LIVE_PATH, 2, 60))
                .withLivenessProbe(probe(Ports.LIVE_PATH, 10, 3))
                .withReadinessProbe(probe(Ports.READY_PATH, 5, 3))
                .withVolumeMounts(mounts)
                .build())
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static void secretMounts(
      OpcUaEndpoint opcua, List<Volume> volumes, List<VolumeMount> mounts) {
    if (opcua.clientCertificateSecretRef() != null) {
      volumes.add(secret(OPCUA_CLIENT_VOLUME, opcua.clientCertificateSecretRef().name()));
      mounts.add(mount(OPCUA_CLIENT_VOLUME, MountPaths.OPCUA_CLIENT_DIR));
    }
    if (opcua.userSecretRef() != null) {
      volumes.add(secret(OPCUA_USER_VOLUME, opcua.userSecretRef().name()));
      mounts.add(mount(OPCUA_USER_VOLUME, MountPaths.OPCUA_USER_DIR));
    }
    if (opcua.trustedServerCertificatesSecretRef() != null) {
      volumes.add(secret(OPCUA_TRUSTED_VOLUME, opcua.trustedServerCertificatesSecretRef().name()));
      mounts.add(mount(OPCUA_TRUSTED_VOLUME, MountPaths.OPCUA_TRUSTED_DIR));
    }
  }

  private static Volume secret(String volume, String secret) {
    return new VolumeBuilder()
        .withName(volume)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(SECRET_MODE)
        .endSecret()
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(Names.HTTP_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(2)
        .build();
  }

  private static Capabilities dropAll() {
    return new CapabilitiesBuilder().withDrop("ALL").build();
  }

  private static ResourceRequirements resources(
      Workload workload, Plant plant, OperatorProperties.Workloads settings) {
    Optional<WorkloadResources> given = workload.resources(plant);
    OperatorProperties.Resources defaults = workload.defaults(settings);
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    put(requests, "cpu", Workload.amount(given, true, true).orElse(defaults.requestsCpu()));
    put(requests, "memory", Workload.amount(given, true, false).orElse(defaults.requestsMemory()));
    put(limits, "cpu", Workload.amount(given, false, true).orElse(defaults.limitsCpu()));
    put(limits, "memory", Workload.amount(given, false, false).orElse(defaults.limitsMemory()));
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  private static void put(Map<String, Quantity> map, String key, String amount) {
    if (amount != null && !amount.isBlank()) {
      map.put(key, new Quantity(amount));
    }
  }

  private static String tag(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    int at = image.indexOf('@');
    if (at >= 0) {
      return null;
    }
    String tag = colon > slash ? image.substring(colon + 1) : null;
    // label values: at most 63 characters of [A-Za-z0-9_.-]
    return tag != null && tag.matches("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")
        ? tag
        : null;
  }
}
