package io.plantops.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.UseCaseConfig.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a model version must satisfy before it serves, each check refusing it with the reason and
 * the fix: the digest the config names, external data only beside the model file, and the tensor
 * signature the use case's template declares.
 */
final class ModelChecks {

  private ModelChecks() {}

  /** The file read must be the file the template names. */
  static void digest(Model model, String actual) throws ModelRefusedException {
    if (!actual.equals(model.sha256())) {
      throw new ModelRefusedException(
          ModelRefusalReason.DigestMismatch,
          model.uri()
              + " has sha256 "
              + actual
              + " but the config expects "
              + model.sha256()
              + ": publish the file the template names, or correct models[].sha256 of version "
              + model.version());
    }
  }

  /** The tensors the protobuf keeps outside itself; refuses what is not an ONNX protobuf. */
  static List<OnnxExternalData.Reference> externalData(Model model, byte[] bytes)
      throws ModelRefusedException {
    try {
      return OnnxExternalData.references(bytes);
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable,
          model.uri() + " is not an ONNX protobuf: " + e.getMessage(),
          e);
    }
  }

  /** Every external data file must lie inside {@code directory}, symlinks resolved. */
  static void externalDataInside(Model model, Path directory, List<OnnxExternalData.Reference> refs)
      throws ModelRefusedException {
    Path dir;
    try {
      dir = directory.toRealPath();
    } catch (IOException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot resolve the directory of " + model.uri(), e);
    }
    for (OnnxExternalData.Reference ref : refs) {
      String where = "tensor '" + ref.tensor() + "' of " + model.uri();
      if (ref.location().isEmpty()) {
        throw new ModelRefusedException(
            ModelRefusalReason.ExternalDataOutsideModelDir,
            where + " is EXTERNAL without a location: re-export with the data inside the file");
      }
      Path target;
      try {
        Path relative = Path.of(ref.location());
        if (relative.isAbsolute()) {
          throw new ModelRefusedException(
              ModelRefusalReason.ExternalDataOutsideModelDir,
              where + " points at the absolute path " + ref.location() + escapeFix());
        }
        target = dir.resolve(relative).normalize();
        if (Files.exists(target)) {
          // a symlink inside the directory may still lead out of it
          target = target.toRealPath();
        }
      } catch (InvalidPathException | IOException e) {
        throw new ModelRefusedException(
            ModelRefusalReason.ExternalDataOutsideModelDir,
            where + " has an unusable location '" + ref.location() + "'" + escapeFix());
      }
      if (!target.startsWith(dir)) {
        throw new ModelRefusedException(
            ModelRefusalReason.ExternalDataOutsideModelDir,
            where + " reads '" + ref.location() + "', outside the model's directory" + escapeFix());
      }
    }
  }

  private static String escapeFix() {
    return ": external data must sit beside the .onnx file (a relative path without '..')";
  }

  /** One float input [N, inputs] and a float output [N, outputs], named as the template says. */
  static void signature(OrtSession session, Model model, int inputs, int outputs)
      throws ModelRefusedException {
    try {
      Map<String, NodeInfo> in = session.getInputInfo();
      Map<String, NodeInfo> out = session.getOutputInfo();
      String what = "model " + model.version() + " (" + model.uri() + ")";
      if (in.size() != 1 || !in.containsKey(model.inputTensor())) {
        throw new ModelRefusedException(
            ModelRefusalReason.SignatureMismatch,
            what
                + " has inputs "
                + in.keySet()
                + "; the template declares one input tensor '"
                + model.inputTensor()
                + "'");
      }
      tensor(what, "input", model.inputTensor(), in.get(model.inputTensor()), inputs);
      if (!out.containsKey(model.outputTensor())) {
        throw new ModelRefusedException(
            ModelRefusalReason.SignatureMismatch,
            what
                + " has outputs "
                + out.keySet()
                + "; the template declares the output tensor '"
                + model.outputTensor()
                + "'");
      }
      tensor(what, "output", model.outputTensor(), out.get(model.outputTensor()), outputs);
    } catch (OrtException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot read the signature of " + model.uri(), e);
    }
  }

  private static void tensor(String what, String role, String name, NodeInfo info, int columns)
      throws ModelRefusedException {
    if (!(info.getInfo() instanceof TensorInfo tensor)
        || tensor.type != OnnxJavaType.FLOAT
        || tensor.getShape().length != 2) {
      throw new ModelRefusedException(
          ModelRefusalReason.SignatureMismatch,
          what
              + " "
              + role
              + " '"
              + name
              + "' is "
              + info.getInfo()
              + "; expected float [N, "
              + columns
              + "]");
    }
    long[] shape = tensor.getShape();
    if (shape[0] >= 0 || shape[1] != columns) {
      throw new ModelRefusedException(
          ModelRefusalReason.SignatureMismatch,
          what
              + " "
              + role
              + " '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + "; the template's "
              + role
              + "s need [N, "
              + columns
              + "] with a dynamic batch dimension N");
    }
  }
}
