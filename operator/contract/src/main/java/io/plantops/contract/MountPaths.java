package io.plantops.contract;

import java.nio.file.Path;

/**
 * Where the operator mounts things into the workload containers, in one place for the operator
 * (which writes the Deployments) and the workloads (which read the files).
 *
 * <p>Every absolute path a workload reads is resolved through {@link #resolve(String)}: on a
 * cluster {@code PLANTOPS_MOUNT_ROOT} is unset and paths are used as they are; the sandbox's local
 * runtime sets it to the directory where it materialises a pod's volumes.
 */
public final class MountPaths {

  /** Directory of the resolved-plant-config ConfigMap volume. */
  public static final String CONFIG_DIR = "/etc/plantops/config";

  /** ConfigMap key, and file name, of the resolved plant config. */
  public static final String CONFIG_KEY = "plant-config.json";

  /** Full path of the resolved plant config in the container. */
  public static final String CONFIG_FILE = CONFIG_DIR + "/" + CONFIG_KEY;

  /** Mount of the OPC UA client certificate Secret (kubernetes.io/tls). */
  public static final String OPCUA_CLIENT_DIR = "/etc/plantops/secrets/opcua-client";

  /** Mount of the OPC UA user Secret. */
  public static final String OPCUA_USER_DIR = "/etc/plantops/secrets/opcua-user";

  /** Mount of the trusted server certificates Secret. */
  public static final String OPCUA_TRUSTED_DIR = "/etc/plantops/secrets/opcua-trusted";

  /**
   * Root of model ConfigMap mounts: {@code configmap://<name>/<key>} model URIs resolve to {@code
   * MODELS_DIR/<name>/<key>}.
   */
  public static final String MODELS_DIR = "/etc/plantops/models";

  /** Writable data directory (emptyDir): store-and-forward buffer, audit log, PKI state. */
  public static final String DATA_DIR = "/var/lib/plantops";

  /** Writable scratch directory (emptyDir): the root filesystem is read-only. */
  public static final String TMP_DIR = "/tmp";

  /** Environment variable that relocates every absolute path (sandbox only). */
  public static final String MOUNT_ROOT_ENV = "PLANTOPS_MOUNT_ROOT";

  private MountPaths() {}

  /** Resolves a container path against {@code PLANTOPS_MOUNT_ROOT}, when set. */
  public static Path resolve(String containerPath) {
    return resolve(System.getenv(MOUNT_ROOT_ENV), containerPath);
  }

  /** Resolves a container path against {@code root}, when not null or blank. */
  public static Path resolve(String root, String containerPath) {
    if (root == null || root.isBlank()) {
      return Path.of(containerPath);
    }
    String relative = containerPath.startsWith("/") ? containerPath.substring(1) : containerPath;
    return Path.of(root).resolve(relative);
  }
}
