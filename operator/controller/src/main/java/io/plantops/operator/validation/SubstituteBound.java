package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.Stage;

/**
 * How many of a site's inputs are substituted against how many its template's promotion policy
 * allows at ClosedLoop ({@code spec.promotion.maxSubstitutedInputsAtClosedLoop}). One rule, read by
 * the promotion engine (which holds the site at Advisory) and by the renderer (which never lets a
 * config say ClosedLoop beyond the bound).
 *
 * @param substituted substituted inputs of the site
 * @param allowed substituted inputs the template allows at ClosedLoop
 * @param signals the substituted inputs, as status describes them
 */
public record SubstituteBound(int substituted, int allowed, String signals) {

  /** The bound of a site with {@code contract} under {@code policy}. */
  public static SubstituteBound of(ContractCheck.Report contract, PromotionPolicy policy) {
    return new SubstituteBound(
        contract.substitutes().size(),
        policy.maxSubstitutedInputsAtClosedLoop(),
        contract.describeSubstitutes());
  }

  /** True when the site has more substituted inputs than ClosedLoop allows. */
  public boolean exceeded() {
    return substituted > allowed;
  }

  /** The highest stage the substitutes allow: Advisory beyond the bound, else ClosedLoop. */
  public Stage highestStage() {
    return exceeded() ? Stage.Advisory : Stage.ClosedLoop;
  }

  /** Why the site is held at Advisory, for Ready's message and the history. */
  public String message() {
    return substituted
        + " substituted input(s) ("
        + signals
        + ") but the template allows "
        + allowed
        + " at ClosedLoop (spec.promotion.maxSubstitutedInputsAtClosedLoop): held at Advisory;"
        + " map the inputs from plant tags, or raise the bound in the template";
  }
}
