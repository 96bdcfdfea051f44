package io.plantops.inference.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Open Inference Protocol v2 infer request and response bodies, parsed and written with Jackson's
 * streaming API straight into float arrays: no tree, no boxing, because this is the hot path of a
 * raw model call.
 *
 * <p>Accepts {@code data} flat (row-major) or nested, as the protocol allows; only FP32 tensors,
 * the plantops model contract. Every refusal names the field, e.g. {@code inputs[0].data[13]}.
 */
final class InferCodec {

  /** Largest batch accepted in one call. */
  static final int MAX_ROWS = 10_000;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .build();

  /**
   * One input tensor.
   *
   * @param name tensor name
   * @param shape shape as sent
   * @param datatype datatype as sent
   * @param data values, row-major
   * @param count number of values
   */
  record Tensor(String name, long[] shape, String datatype, float[] data, int count) {}

  /**
   * A parsed request.
   *
   * @param id request id to echo, or null
   * @param inputs input tensors
   * @param outputs requested output names (empty: all)
   */
  record Request(String id, List<Tensor> inputs, List<String> outputs) {}

  private InferCodec() {}

  static Request parse(byte[] body) throws ApiError {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw bad("the body must be a JSON object with an 'inputs' array");
      }
      String id = null;
      List<Tensor> inputs = null;
      List<String> outputs = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "id" -> {
            if (t != JsonToken.VALUE_STRING) {
              throw bad("id must be a string");
            }
            id = p.getText();
          }
          case "inputs" -> inputs = inputs(p);
          case "outputs" -> outputs = outputs(p);
          default -> p.skipChildren(); // "parameters" and extensions
        }
      }
      if (inputs == null || inputs.isEmpty()) {
        throw bad("inputs is required and must hold one tensor");
      }
      if (p.nextToken() != null) {
        throw bad("trailing content after the JSON object");
      }
      return new Request(id, inputs, outputs);
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(e);
    } catch (IOException e) {
      throw ApiError.badRequest("MalformedJson", "unreadable body: not JSON");
    }
  }

  private static List<Tensor> inputs(JsonParser p) throws IOException, ApiError {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw bad("inputs must be an array");
    }
    List<Tensor> tensors = new ArrayList<>(1);
    while (p.nextToken() != JsonToken.END_ARRAY) {
      tensors.add(tensor(p, "inputs[" + tensors.size() + "]"));
    }
    return tensors;
  }

  private static List<String> outputs(JsonParser p) throws IOException, ApiError {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw bad("outputs must be an array");
    }
    List<String> names = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String at = "outputs[" + names.size() + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw bad(at + " must be an object with a name");
      }
      String name = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("name") && p.currentToken() == JsonToken.VALUE_STRING) {
          name = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (name == null) {
        throw bad(at + ".name is required");
      }
      names.add(name);
    }
    return names;
  }

  private static Tensor tensor(JsonParser p, String at) throws IOException, ApiError {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw bad(at + " must be an object");
    }
    String name = null;
    String datatype = null;
    long[] shape = null;
    float[] data = null;
    int[] count = {0};
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "name" -> name = string(p, t, at + ".name");
        case "datatype" -> datatype = string(p, t, at + ".datatype");
        case "shape" -> shape = shape(p, at + ".shape");
        case "data" -> {
          if (t != JsonToken.START_ARRAY) {
            throw bad(at + ".data must be an array of numbers");
          }
          data = new float[64];
          data = data(p, at + ".data", data, count, 0);
        }
        default -> p.skipChildren();
      }
    }
    if (name == null || datatype == null || shape == null || data == null) {
      throw bad(at + " needs name, shape, datatype and data");
    }
    return new Tensor(name, shape, datatype, data, count[0]);
  }

  private static String string(JsonParser p, JsonToken t, String at) throws IOException, ApiError {
    if (t != JsonToken.VALUE_STRING) {
      throw bad(at + " must be a string");
    }
    return p.getText();
  }

  private static long[] shape(JsonParser p, String at) throws IOException, ApiError {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw bad(at + " must be an array of integers");
    }
    long[] dims = new long[8];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || n == dims.length) {
        throw bad(at + " must be an array of at most 8 integers");
      }
      dims[n++] = p.getLongValue();
    }
    long[] shape = new long[n];
    System.arraycopy(dims, 0, shape, 0, n);
    return shape;
  }

  private static float[] data(JsonParser p, String at, float[] data, int[] count, int depth)
      throws IOException, ApiError {
    while (p.nextToken() != JsonToken.END_ARRAY) {
      JsonToken t = p.currentToken();
      if (t == JsonToken.START_ARRAY) {
        if (depth >= 8) {
          throw bad(at + " is nested deeper than 8 levels");
        }
        data = data(p, at, data, count, depth + 1);
        continue;
      }
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw bad(at + "[" + count[0] + "] is " + ApiError.quote(p.getText()) + ", not a number");
      }
      float v = (float) p.getDoubleValue();
      if (!Float.isFinite(v)) {
        throw new ApiError(
            400,
            "NonFinite",
            at + "[" + count[0] + "] = " + ApiError.quote(p.getText()) + " is not finite as FP32");
      }
      if (count[0] == data.length) {
        if (data.length >= MAX_ROWS * 1024) {
          throw bad(at + " holds too many values");
        }
        float[] bigger = new float[data.length * 2];
        System.arraycopy(data, 0, bigger, 0, data.length);
        data = bigger;
      }
      data[count[0]++] = v;
    }
    return data;
  }

  static byte[] response(
      String model, String version, String id, String output, int rows, int cols, float[] values)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + rows * cols * 12);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("model_name", model);
      g.writeStringField("model_version", version);
      if (id != null) {
        g.writeStringField("id", id);
      }
      g.writeArrayFieldStart("outputs");
      g.writeStartObject();
      g.writeStringField("name", output);
      g.writeStringField("datatype", "FP32");
      g.writeArrayFieldStart("shape");
      g.writeNumber(rows);
      g.writeNumber(cols);
      g.writeEndArray();
      g.writeArrayFieldStart("data");
      for (int i = 0; i < rows * cols; i++) {
        g.writeNumber(values[i]);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private static ApiError bad(String message) {
    return ApiError.badRequest("InvalidRequest", message);
  }
}
