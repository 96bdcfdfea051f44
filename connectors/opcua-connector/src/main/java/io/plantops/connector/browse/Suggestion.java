package io.plantops.connector.browse;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plantops.contract.template.TemplateView;
import java.util.List;

/**
 * A proposed draft TagMapping.
 *
 * @param template template name
 * @param mappings proposed entries, in the template's order
 * @param unmatched signals without a good enough candidate, each with why
 */
public record Suggestion(String template, List<Mapping> mappings, List<Unmatched> unmatched) {

  /**
   * One proposed mapping.
   *
   * @param signal canonical signal
   * @param role why the template needs it
   * @param nodeId proposed NodeId
   * @param browseName the variable's browse name
   * @param unit site unit (a unit catalog expression) for the TagMapping, resolved from the
   *     variable's EngineeringUnits; empty when the server gives none or the catalogue does not
   *     know it
   * @param unitProblem why {@code unit} is empty ({@code unknown unit 'X' (unitId N)}), or null
   * @param samplingIntervalMs proposed sampling interval
   * @param readWrite true for setpoints
   * @param confidence 0..1
   * @param reasons why this variable
   * @param alternative the runner-up, if any
   * @param caution what the reviewer must check before applying (a writable node proposed for a
   *     signal that is only read), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mapping(
      String signal,
      TemplateView.Role role,
      String nodeId,
      String browseName,
      String unit,
      String unitProblem,
      int samplingIntervalMs,
      boolean readWrite,
      double confidence,
      List<String> reasons,
      String description,
      String alternative,
      String caution) {}

  /**
   * A signal left unmatched.
   *
   * @param signal canonical signal
   * @param role why the template needs it
   * @param why what was missing
   */
  public record Unmatched(String signal, TemplateView.Role role, String why) {}
}
