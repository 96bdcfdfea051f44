package io.plantops.inference.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Quality;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link SignalBatch} field by field. Data binding would turn a missing {@code value} into
 * 0.0 and a missing timestamp into 1970; here a structurally broken batch is refused naming the
 * field ({@code samples[3].value}), and NaN/Infinity (Jackson writes them for failed sensors) reach
 * the engine, which refuses those samples one by one with a reason.
 */
final class BatchParser {

  private BatchParser() {}

  static SignalBatch parse(ObjectMapper reader, byte[] body) throws ApiError {
    JsonNode root;
    try {
      root = reader.readTree(body);
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(e);
    } catch (IOException e) {
      throw ApiError.badRequest("MalformedJson", "unreadable body: not JSON");
    }
    if (root == null || !root.isObject()) {
      throw invalid("the body must be a SignalBatch object {plant, batchId, samples}");
    }
    JsonNode samples = root.path("samples");
    if (!samples.isArray()) {
      throw invalid("samples must be an array");
    }
    List<SignalSample> list = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      JsonNode s = samples.get(i);
      String at = "samples[" + i + "]";
      if (!s.isObject()) {
        throw invalid(at + " must be an object");
      }
      JsonNode signal = s.get("signal");
      JsonNode ts = s.get("timestampMs");
      JsonNode value = s.get("value");
      JsonNode quality = s.get("quality");
      if (signal == null || !signal.isTextual()) {
        throw invalid(at + ".signal must be a string");
      }
      if (ts == null || !ts.canConvertToLong() || !ts.isIntegralNumber()) {
        throw invalid(at + ".timestampMs must be an integer (epoch milliseconds)");
      }
      double v;
      if (value != null && value.isNumber()) {
        v = value.doubleValue();
      } else if (value != null && value.isTextual() && isNonFinite(value.asText())) {
        v = Double.parseDouble(value.asText());
      } else {
        throw invalid(at + ".value must be a number");
      }
      Quality q;
      try {
        q = quality == null ? null : Quality.valueOf(quality.asText());
      } catch (IllegalArgumentException e) {
        throw invalid(
            at
                + ".quality '"
                + ApiError.quote(quality.asText())
                + "' is not one of Good, Uncertain, Bad");
      }
      if (q == null || !quality.isTextual()) {
        throw invalid(at + ".quality is required: Good, Uncertain or Bad");
      }
      list.add(new SignalSample(signal.asText(), ts.longValue(), v, q));
    }
    JsonNode plant = root.get("plant");
    JsonNode batchId = root.get("batchId");
    return new SignalBatch(
        plant == null || !plant.isTextual() ? null : plant.asText(),
        batchId == null || !batchId.isTextual() ? null : batchId.asText(),
        root.path("replayed").asBoolean(false),
        list,
        stale(root.get("stale")));
  }

  /** The liveness report: absent or null when the connector sends none. */
  private static List<String> stale(JsonNode stale) throws ApiError {
    if (stale == null || stale.isNull()) {
      return null;
    }
    if (!stale.isArray()) {
      throw invalid("stale must be an array of canonical signal names");
    }
    List<String> names = new ArrayList<>(stale.size());
    for (int i = 0; i < stale.size(); i++) {
      if (!stale.get(i).isTextual()) {
        throw invalid("stale[" + i + "] must be a string");
      }
      names.add(stale.get(i).asText());
    }
    return names;
  }

  private static boolean isNonFinite(String s) {
    return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
  }

  private static ApiError invalid(String message) {
    return ApiError.badRequest("InvalidBatch", message);
  }
}
