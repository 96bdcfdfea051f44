package io.plantops.contract;

/** Why a model version was not loaded; the previously active version keeps serving. */
public enum ModelRefusalReason {
  /** The file's SHA-256 is not the one the config names. */
  DigestMismatch,
  /** The file could not be fetched, read or parsed (download, I/O, protobuf, ONNX Runtime). */
  Unreadable,
  /** Input or output tensor names, types or shapes differ from the template's inputs/outputs. */
  SignatureMismatch,
  /** A tensor's external data lies outside the model file's own directory. */
  ExternalDataOutsideModelDir
}
