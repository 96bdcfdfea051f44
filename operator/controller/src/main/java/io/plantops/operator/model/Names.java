package io.plantops.operator.model;

import io.plantops.api.v1alpha1.Plant;
import io.plantops.contract.Ports;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of everything the operator creates for a plant, in one place: the operator, the sandbox and
 * the docs derive them from here, never from string literals.
 */
public final class Names {

  /** Field manager and event source component. */
  public static final String OPERATOR = "plantops-operator";

  /** Container name of the inference server. */
  public static final String INFERENCE_CONTAINER = "inference-server";

  /** Container name of the connector. */
  public static final String CONNECTOR_CONTAINER = "connector";

  /** Name of the HTTP port on containers and Services. */
  public static final String HTTP_PORT_NAME = "http";

  /**
   * Service names must be RFC 1035 labels (Kubernetes API conventions, "Names"): at most 63
   * characters, lowercase alphanumerics and '-', starting with a letter.
   */
  private static final Pattern DNS_1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

  private static final int DNS_LABEL_MAX = 63;
  private static final String INFERENCE_SUFFIX = "-inference";
  private static final String CONNECTOR_SUFFIX = "-connector";
  private static final String CONFIG_SUFFIX = "-plant-config";
  private static final String DATAPATH_SUFFIX = "-datapath";

  private Names() {}

  /** Deployment, Service and ServiceAccount of the plant's inference server. */
  public static String inferenceServer(String plant) {
    return plant + INFERENCE_SUFFIX;
  }

  /** Deployment, Service and ServiceAccount of the plant's OPC UA connector. */
  public static String connector(String plant) {
    return plant + CONNECTOR_SUFFIX;
  }

  /** ConfigMap holding the resolved plant config. */
  public static String plantConfig(String plant) {
    return plant + CONFIG_SUFFIX;
  }

  /** Secret holding the plant's data-path token, mounted into both workloads. */
  public static String dataPathSecret(String plant) {
    return plant + DATAPATH_SUFFIX;
  }

  /** Cluster DNS name of a Service: {@code <service>.<namespace>.svc}. */
  public static String serviceHost(String service, String namespace) {
    return service + "." + namespace + ".svc";
  }

  /** Base URL of the plant's inference server, as the connector and the operator dial it. */
  public static String inferenceUrl(String plant, String namespace) {
    return "http://" + serviceHost(inferenceServer(plant), namespace) + ":" + Ports.INFERENCE_HTTP;
  }

  /** Base URL of the plant's connector, as the operator dials it. */
  public static String connectorUrl(String plant, String namespace) {
    return "http://" + serviceHost(connector(plant), namespace) + ":" + Ports.CONNECTOR_HTTP;
  }

  /**
   * Why the names derived from this plant cannot be used, if they cannot: a Plant named like an RFC
   * 1123 subdomain (what the API server accepts) may still give Service names that are not RFC 1035
   * labels.
   */
  public static Optional<String> problem(Plant plant) {
    String name = plant.getMetadata().getName();
    String longest =
        inferenceServer(name).length() >= connector(name).length()
            ? inferenceServer(name)
            : connector(name);
    if (longest.length() > DNS_LABEL_MAX) {
      return Optional.of(
          "metadata.name '"
              + name
              + "' is too long: the Service "
              + longest
              + " would exceed 63 characters; rename the Plant to at most "
              + (DNS_LABEL_MAX - Math.max(INFERENCE_SUFFIX.length(), CONNECTOR_SUFFIX.length()))
              + " characters");
    }
    if (!DNS_1035_LABEL.matcher(longest).matches()) {
      return Optional.of(
          "metadata.name '"
              + name
              + "' cannot name a Service (RFC 1035 label: lowercase letters, digits and '-',"
              + " starting with a letter, no dots); rename the Plant");
    }
    return Optional.empty();
  }
}
