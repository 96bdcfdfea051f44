package io.plantops.operator.observe;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.operator.model.Indexes;
import java.util.Objects;

/**
 * Connects the {@link StatusPoller} to the SiteDeployment controller: when a plant's observation
 * changes, the SiteDeployments at that plant whose own part of it changed are reconciled, and all
 * of them when the plant connection changed (every site of the plant shows it).
 */
public final class UseCaseObservationEventSource extends SimpleInboundEventSource<SiteDeployment> {

  public static final String NAME = "use-case-observation";

  public UseCaseObservationEventSource(
      StatusPoller poller, IndexerResourceCache<SiteDeployment> siteDeployments) {
    super(NAME);
    poller.addListener(
        (plant, before, after) ->
            siteDeployments
                .byIndex(Indexes.BY_PLANT, Indexes.plantKey(plant))
                .forEach(
                    sd -> {
                      String name = sd.getMetadata().getName();
                      if (!Objects.equals(before.connection(), after.connection())
                          || !Objects.equals(
                              UseCaseObservation.of(before, name),
                              UseCaseObservation.of(after, name))) {
                        propagateEvent(ResourceID.fromResource(sd));
                      }
                    }));
  }
}
