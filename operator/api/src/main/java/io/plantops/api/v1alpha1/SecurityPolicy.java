package io.plantops.api.v1alpha1;

/**
 * OPC UA security policies (OPC UA Part 7, security policy profiles). {@link #None} is refused for
 * any plant with writable mappings unless {@code allowInsecure} is set.
 */
public enum SecurityPolicy {
  None,
  Basic256Sha256,
  Aes128_Sha256_RsaOaep,
  Aes256_Sha256_RsaPss
}
