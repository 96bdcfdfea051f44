package io.plantops.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.plantops.api.v1alpha1.Plant;

/**
 * Connects the {@link StatusPoller} to the Plant controller: every Plant in the cache is polled, a
 * deleted Plant is forgotten, and a changed observation triggers the Plant's reconciliation. The
 * reconciler reads the observation from the poller; nothing here blocks.
 */
public final class PlantObservationEventSource extends SimpleInboundEventSource<Plant>
    implements ResourceEventAware<Plant> {

  public static final String NAME = "plant-observation";

  private final StatusPoller poller;

  public PlantObservationEventSource(StatusPoller poller) {
    super(NAME);
    this.poller = poller;
    poller.addListener((plant, before, after) -> propagateEvent(plant));
  }

  @Override
  public void onResourceCreated(Plant resource) {
    poller.track(ResourceID.fromResource(resource));
  }

  @Override
  public void onResourceUpdated(Plant newResource, Plant oldResource) {
    poller.track(ResourceID.fromResource(newResource));
  }

  @Override
  public void onResourceDeleted(Plant resource) {
    poller.forget(ResourceID.fromResource(resource));
  }
}
