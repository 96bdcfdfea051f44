package io.plantops.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels the operator puts on what it creates, from one typed helper: the recommended {@code
 * app.kubernetes.io/*} labels (Kubernetes docs, "Recommended Labels") plus {@code
 * plantops.io/plant}. Informers select the operator's own objects with {@link #selector(Component)}
 * so their caches hold nothing else.
 */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String VERSION = "app.kubernetes.io/version";
  public static final String PLANT = "plantops.io/plant";

  public static final String PART_OF_VALUE = "plantops";
  public static final String MANAGED_BY_VALUE = Names.OPERATOR;

  /** What an object is for; the label value is fixed for each. */
  public enum Component {
    INFERENCE_SERVER("inference-server", "plantops-inference-server"),
    CONNECTOR("connector", "plantops-opcua-connector"),
    PLANT_CONFIG("plant-config", "plantops-plant-config"),
    DATAPATH_SECRET("datapath", "plantops-datapath");

    private final String value;
    private final String appName;

    Component(String value, String appName) {
      this.value = value;
      this.appName = appName;
    }

    /** Value of {@code app.kubernetes.io/component}. */
    public String value() {
      return value;
    }

    /** Value of {@code app.kubernetes.io/name}. */
    public String appName() {
      return appName;
    }
  }

  private Labels() {}

  /** Every label of an object of {@code component} for {@code plant}. */
  public static Map<String, String> of(Component component, String plant, String version) {
    Map<String, String> labels = new LinkedHashMap<>(selectorOf(component, plant));
    labels.put(COMPONENT, component.value());
    labels.put(PART_OF, PART_OF_VALUE);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(PLANT, plant);
    if (version != null && !version.isBlank()) {
      labels.put(VERSION, version);
    }
    return labels;
  }

  /**
   * The immutable subset used as a Deployment selector: it must never change for a given plant,
   * since {@code spec.selector} of a Deployment cannot be updated.
   */
  public static Map<String, String> selectorOf(Component component, String plant) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, component.appName());
    labels.put(INSTANCE, plant);
    return labels;
  }

  /** Label selector of the informer caching the operator's objects of {@code component}. */
  public static String selector(Component component) {
    return MANAGED_BY + "=" + MANAGED_BY_VALUE + "," + COMPONENT + "=" + component.value();
  }
}
