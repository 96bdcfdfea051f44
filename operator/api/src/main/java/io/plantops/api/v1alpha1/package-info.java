/**
 * The {@code plantops.io/v1alpha1} API: {@link io.plantops.api.v1alpha1.UseCaseTemplate} (cluster
 * scoped, owned by the corporate AI team), and {@link io.plantops.api.v1alpha1.Plant}, {@link
 * io.plantops.api.v1alpha1.TagMapping} and {@link io.plantops.api.v1alpha1.SiteDeployment}
 * (namespaced, owned by each plant team).
 *
 * <p>These classes are the single source of the CRDs under {@code crds/}: every field carries its
 * description and its schema validation here. Nothing in this package depends on the controller.
 */
package io.plantops.api.v1alpha1;
