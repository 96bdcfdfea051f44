package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Settings of the plant's OPC UA connector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorSpec(
    @JsonPropertyDescription(
            "Container image override; by default the operator's configured image for this"
                + " release.")
        @Size(max = 512)
        String image,
    @JsonPropertyDescription("CPU and memory requests and limits.") WorkloadResources resources,
    @JsonPropertyDescription(
            "Bound of the on-disk store-and-forward buffer used while the inference server is"
                + " unreachable, in MiB. Beyond it the oldest batches are dropped and counted.")
        @Default("256")
        @Min(1)
        @Max(65536)
        Integer bufferMaxMiB,
    @JsonPropertyDescription(
            "Keep-alive periods a subscription may go without a publish response (data or"
                + " keep-alive) before every signal it monitors is stale. OPC UA reports by"
                + " exception: a value that does not change sends nothing and stays valid while"
                + " its subscription answers. The keep-alive period is the server-revised"
                + " publishing interval times the revised max keep-alive count (about 10 s).")
        @Default("3")
        @Min(1)
        @Max(1000)
        Integer staleAfterIntervals,
    @JsonPropertyDescription(
            "Time, in minutes, after an advisory recommendation within which an operator move of"
                + " the setpoint towards it counts as adoption.")
        @Default("15")
        @Min(1)
        @Max(1440)
        Integer adoptionWindowMinutes,
    @JsonPropertyDescription(
            "Master switch for plant writes at this site. false withholds every write (and says so"
                + " in the audit log) whatever the SiteDeployments' stages.")
        @Default("true")
        Boolean writesEnabled,
    @JsonPropertyDescription(
            "Name of a PersistentVolumeClaim in the plant's namespace that holds the connector's"
                + " data directory: the store-and-forward buffer, the audit log and its OPC UA"
                + " PKI state. Without it the data directory is an emptyDir, lost when the pod"
                + " moves to another node: batches buffered and not yet delivered are lost, and"
                + " the audit log survives only in the connector's log stream (each line is also"
                + " written to stdout as JSON). A ReadWriteOnce claim is enough: the connector's"
                + " Deployment never runs two pods at once.")
        @Size(max = 253)
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        String dataVolumeClaim) {

  /** Settings without a data volume claim (an emptyDir holds the data directory). */
  public ConnectorSpec(
      String image,
      WorkloadResources resources,
      Integer bufferMaxMiB,
      Integer staleAfterIntervals,
      Integer adoptionWindowMinutes,
      Boolean writesEnabled) {
    this(
        image,
        resources,
        bufferMaxMiB,
        staleAfterIntervals,
        adoptionWindowMinutes,
        writesEnabled,
        null);
  }

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public ConnectorSpec {
    bufferMaxMiB = bufferMaxMiB == null ? 256 : bufferMaxMiB;
    staleAfterIntervals = staleAfterIntervals == null ? 3 : staleAfterIntervals;
    adoptionWindowMinutes = adoptionWindowMinutes == null ? 15 : adoptionWindowMinutes;
    writesEnabled = writesEnabled == null ? Boolean.TRUE : writesEnabled;
  }
}
