package io.plantops.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import java.util.List;
import java.util.Optional;

/** Domain assertions that print the whole resource as YAML when they fail. */
public final class ResourceAssertions {

  private ResourceAssertions() {}

  /** Asserts the resource holds condition {@code type} with {@code status}. */
  public static Condition assertCondition(
      HasMetadata resource, String type, ConditionStatus status) {
    assertThat(resource).as("the resource exists").isNotNull();
    Optional<Condition> c =
        conditions(resource).stream().filter(x -> x.type().equals(type)).findFirst();
    assertThat(c).as("condition %s of %s\n%s", type, name(resource), yaml(resource)).isPresent();
    assertThat(c.get().status())
        .as("condition %s of %s\n%s", type, name(resource), yaml(resource))
        .isEqualTo(status);
    return c.get();
  }

  /** Asserts the status was computed from the current generation. */
  public static void assertObservedGeneration(HasMetadata resource) {
    Long observed = observedGeneration(resource);
    assertThat(observed)
        .as("status.observedGeneration of %s\n%s", name(resource), yaml(resource))
        .isEqualTo(resource.getMetadata().getGeneration());
    for (Condition c : conditions(resource)) {
      assertThat(c.observedGeneration())
          .as(
              "observedGeneration of condition %s of %s\n%s",
              c.type(), name(resource), yaml(resource))
          .isEqualTo(resource.getMetadata().getGeneration());
    }
  }

  /** The resource as YAML, for failure messages. */
  public static String yaml(Object resource) {
    return resource == null ? "(absent)" : Serialization.asYaml(resource);
  }

  private static String name(HasMetadata r) {
    return r.getKind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static List<Condition> conditions(HasMetadata r) {
    List<Condition> list = null;
    if (r instanceof SiteDeployment sd && sd.getStatus() != null) {
      list = sd.getStatus().conditions();
    } else if (r instanceof Plant p && p.getStatus() != null) {
      list = p.getStatus().conditions();
    } else if (r instanceof TagMapping tm && tm.getStatus() != null) {
      list = tm.getStatus().conditions();
    } else if (r instanceof UseCaseTemplate t && t.getStatus() != null) {
      list = t.getStatus().conditions();
    }
    return list == null ? List.of() : list;
  }

  private static Long observedGeneration(HasMetadata r) {
    if (r instanceof SiteDeployment sd && sd.getStatus() != null) {
      return sd.getStatus().observedGeneration();
    } else if (r instanceof Plant p && p.getStatus() != null) {
      return p.getStatus().observedGeneration();
    } else if (r instanceof TagMapping tm && tm.getStatus() != null) {
      return tm.getStatus().observedGeneration();
    } else if (r instanceof UseCaseTemplate t && t.getStatus() != null) {
      return t.getStatus().observedGeneration();
    }
    return null;
  }
}
