package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * A change the sandbox API server makes to every object of one resource that is created, replaced
 * or patched, as a mutating admission webhook does on a cluster: after the patch is applied and the
 * schema's defaults are set, before validation. The stored object carries the annotation {@value
 * #ANNOTATION} with the mutation's name, and the response a {@code Warning} header that kubectl
 * prints, so that the user who applied a file sees that what is stored is not the file.
 *
 * @param gvPlural the resource it applies to, {@code group/version/plural}
 * @param name short name, the annotation's value, e.g. {@code fast-clocks}
 * @param warning what kubectl prints after each write it changed
 * @param change the change; returns a new object and leaves its argument alone
 */
public record Mutation(
    String gvPlural, String name, String warning, UnaryOperator<JsonNode> change) {

  /** The annotation naming the mutation applied to a stored object. */
  public static final String ANNOTATION = "sandbox.plantops.io/mutation";
}
