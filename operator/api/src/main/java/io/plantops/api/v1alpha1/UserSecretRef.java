package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding the OPC UA user name and password, mounted into the connector only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserSecretRef(
    @JsonPropertyDescription("Name of the Secret, in the plant's namespace.")
        @Required
        @Pattern(Patterns.OBJECT_NAME)
        @Size(max = 253)
        String name,
    @JsonPropertyDescription("Key of the user name in the Secret.")
        @Default("username")
        @Size(max = 253)
        String usernameKey,
    @JsonPropertyDescription("Key of the password in the Secret.")
        @Default("password")
        @Size(max = 253)
        String passwordKey) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public UserSecretRef {
    usernameKey = usernameKey == null ? "username" : usernameKey;
    passwordKey = passwordKey == null ? "password" : passwordKey;
  }
}
