package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.contract.opcua.SessionSecurity;
import io.plantops.operator.render.PlantConfigRenderer;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a Plant beyond its schema: its time zone is a known IANA zone, and its OPC UA session is
 * strong enough for the plant's ReadWrite mappings ({@link SessionSecurity}, the rule the renderer
 * and the connector apply). Pure: same input, same answer.
 */
public final class PlantValidator {

  private PlantValidator() {}

  /**
   * Every problem of {@code spec}, each naming its field and the fix; empty when the plant is
   * valid.
   *
   * @param atPlant every TagMapping whose plantRef names this plant
   */
  public static List<String> validate(PlantSpec spec, List<TagMapping> atPlant) {
    List<String> p = new ArrayList<>();
    timezoneProblem(spec.timezone()).ifPresent(p::add);
    if (spec.opcua() != null) {
      var settings =
          PlantConfigRenderer.opcuaSettings(
              spec.opcua(), PlantConfigRenderer.readWriteSignals(atPlant));
      SessionSecurity.refusals(settings, List.of())
          .forEach(r -> p.add("spec.opcua: " + r.message()));
    }
    return p;
  }

  /** Why {@code timezone} is not a time zone Java's tz database knows, if it is not. */
  public static Optional<String> timezoneProblem(String timezone) {
    try {
      ZoneId.of(timezone);
      return Optional.empty();
    } catch (DateTimeException e) {
      return Optional.of(
          "spec.timezone "
              + timezone
              + " is not an IANA time zone: write a name of the tz database such as Europe/Paris,"
              + " America/Chicago or UTC");
    }
  }
}
