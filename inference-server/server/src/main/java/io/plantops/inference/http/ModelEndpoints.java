package io.plantops.inference.http;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.UseCaseConfig;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.engine.UseCaseRuntime;
import io.plantops.inference.model.LoadedModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open Inference Protocol v2 endpoints (KServe's REST protocol): server and model metadata,
 * model readiness, and raw inference on a model version. A model is a use case of the plant; its
 * versions are the active and the candidate one.
 */
final class ModelEndpoints {

  private final Engine engine;
  private final ObjectMapper json;

  ModelEndpoints(Engine engine, ObjectMapper json) {
    this.engine = engine;
    this.json = json;
  }

  void serverMetadata(ApiCall call) {
    call.json(
        200, "{\"name\":\"plantops-inference-server\",\"version\":\"v1alpha1\",\"extensions\":[]}");
  }

  void modelMetadata(ApiCall call) throws ApiError, IOException {
    call.json(200, json.writeValueAsBytes(metadata(call)));
  }

  void modelReady(ApiCall call) throws ApiError, IOException {
    boolean ready = serving(call).isPresent();
    // OIP: 200 when ready, 4xx when not
    call.json(
        ready ? 200 : 400, json.writeValueAsBytes(Map.of("name", call.model(), "ready", ready)));
  }

  private UseCaseRuntime useCase(String name) throws ApiError {
    return engine
        .runtime(name)
        .orElseThrow(
            () ->
                ApiError.notFound(
                    "UnknownModel",
                    "no model '"
                        + name
                        + "' at this plant; models are the plant's use cases: "
                        + engine
                            .snapshot()
                            .map(s -> s.useCases().keySet().toString())
                            .orElse("[]")));
  }

  private Optional<LoadedModel> serving(ApiCall call) throws ApiError {
    UseCaseRuntime rt = useCase(call.model());
    if (call.version().isPresent() && !rt.versions().contains(call.version().get())) {
      throw ApiError.notFound(
          "UnknownVersion",
          "model '"
              + call.model()
              + "' has no version '"
              + call.version().get()
              + "'; versions: "
              + rt.versions());
    }
    return rt.model(call.version());
  }

  private Map<String, Object> metadata(ApiCall call) throws ApiError {
    UseCaseRuntime rt = useCase(call.model());
    serving(call); // validates the version
    UseCaseConfig u = rt.config();
    UseCaseConfig.Model m =
        call.version().isEmpty() || call.version().get().equals(u.activeModel().version())
            ? u.activeModel()
            : u.candidateModel();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", rt.name());
    body.put("versions", call.version().map(List::of).orElse(rt.versions()));
    body.put("platform", "onnxruntime_onnx");
    body.put(
        "inputs",
        List.of(
            Map.of(
                "name",
                m.inputTensor(),
                "datatype",
                "FP32",
                "shape",
                List.of(-1, u.inputs().size()))));
    body.put(
        "outputs",
        List.of(
            Map.of(
                "name",
                m.outputTensor(),
                "datatype",
                "FP32",
                "shape",
                List.of(-1, u.outputs().size()))));
    body.put(
        "parameters",
        Map.of(
            "template", u.template(),
            "input_signals", u.inputs().stream().map(UseCaseConfig.Feature::signal).toList(),
            "output_names", u.outputs().stream().map(UseCaseConfig.Output::name).toList()));
    return body;
  }

  void infer(ApiCall call) throws ApiError, IOException {
    InferCodec.Request req = InferCodec.parse(call.body());
    LoadedModel model =
        serving(call)
            .orElseThrow(
                () ->
                    new ApiError(
                        503,
                        "ModelNotLoaded",
                        "model '"
                            + call.model()
                            + "' "
                            + call.version().orElse("(active)")
                            + " is not loaded; see /v1/status for the reason"));
    InferCodec.Tensor t = input(req, model);
    int rows = (int) t.shape()[0];
    if (!model.acquire()) {
      throw new ApiError(503, "ModelNotLoaded", "model version was replaced; retry");
    }
    float[] out;
    try {
      out = model.run(t.data(), rows);
    } catch (OrtException e) {
      throw new ApiError(422, "ModelError", "ONNX Runtime refused the input: " + e.getMessage());
    } finally {
      model.release();
    }
    byte[] response =
        InferCodec.response(
            call.model(),
            model.version(),
            req.id(),
            model.outputTensor(),
            rows,
            model.outputs(),
            out);
    call.json(200, response, model.version());
  }

  /** The request's one input tensor, checked against the model's signature. */
  private static InferCodec.Tensor input(InferCodec.Request req, LoadedModel model)
      throws ApiError {
    if (req.inputs().size() != 1) {
      throw ApiError.badRequest(
          "ShapeMismatch", "the model takes one input tensor '" + model.inputTensor() + "'");
    }
    InferCodec.Tensor t = req.inputs().get(0);
    if (!t.name().equals(model.inputTensor())) {
      throw ApiError.badRequest(
          "UnknownInput",
          "inputs[0].name is '"
              + t.name()
              + "'; the model's input is '"
              + model.inputTensor()
              + "'");
    }
    if (!t.datatype().equals("FP32")) {
      throw ApiError.badRequest(
          "DatatypeMismatch", "inputs[0].datatype is " + t.datatype() + "; the model takes FP32");
    }
    long[] shape = t.shape();
    if (shape.length != 2
        || shape[1] != model.inputs()
        || shape[0] < 1
        || shape[0] > InferCodec.MAX_ROWS) {
      throw ApiError.badRequest(
          "ShapeMismatch",
          "inputs[0].shape is "
              + Arrays.toString(shape)
              + "; expected [N, "
              + model.inputs()
              + "] with 1 <= N <= "
              + InferCodec.MAX_ROWS);
    }
    int rows = (int) shape[0];
    if (t.count() != rows * model.inputs()) {
      throw ApiError.badRequest(
          "ShapeMismatch",
          "inputs[0].data holds "
              + t.count()
              + " values; shape "
              + Arrays.toString(shape)
              + " needs "
              + rows * model.inputs());
    }
    for (String o : req.outputs()) {
      if (!o.equals(model.outputTensor())) {
        throw ApiError.badRequest(
            "UnknownOutput",
            "outputs names '" + o + "'; the model's output is '" + model.outputTensor() + "'");
      }
    }
    return t;
  }
}
