package io.plantops.api.v1alpha1;

/** Names of the API group and version, in one place. */
public final class ApiGroup {
  /** The API group of every plantops resource. */
  public static final String GROUP = "plantops.io";

  /** The served and stored version. */
  public static final String VERSION = "v1alpha1";

  /** {@code plantops.io/v1alpha1}. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Category so that {@code kubectl get plantops} lists every kind. */
  public static final String CATEGORY = "plantops";

  private ApiGroup() {}
}
