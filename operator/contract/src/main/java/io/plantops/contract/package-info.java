/**
 * The runtime contract between the plantops operator and the per-plant workloads.
 *
 * <ul>
 *   <li>{@link io.plantops.contract.ResolvedPlantConfig}: the versioned JSON document the operator
 *       renders into a ConfigMap from every SiteDeployment at a plant; both workloads read and
 *       hot-reload it.
 *   <li>{@link io.plantops.contract.SignalBatch}: canonical samples, connector to inference server.
 *   <li>{@link io.plantops.contract.Recommendation}: inference server to connector.
 *   <li>{@link io.plantops.contract.InferenceStatus} and {@link
 *       io.plantops.contract.ConnectorStatus}: what the operator polls.
 * </ul>
 *
 * <p>Records only, with Jackson annotations: no Kubernetes types, so servers never pull in Fabric8.
 * Field names are the wire format; renaming one is a breaking change of {@link
 * io.plantops.contract.ResolvedPlantConfig#SCHEMA_VERSION}.
 */
package io.plantops.contract;
