package io.plantops.api.v1alpha1;

/** OPC UA message security modes (OPC UA Part 4 §7.20). */
public enum MessageSecurityMode {
  None,
  Sign,
  SignAndEncrypt
}
