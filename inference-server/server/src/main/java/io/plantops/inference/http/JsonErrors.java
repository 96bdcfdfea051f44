package io.plantops.inference.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.List;

/**
 * Jackson's parse errors as messages for a client: where the body stops being JSON and why, in the
 * API's words. Jackson's own text speaks to the programmer who configures it ("enable
 * JsonReadFeature...", "from StreamReadConstraints..."), which a client can do nothing about.
 */
final class JsonErrors {

  /** Where Jackson's text turns to advice for its own configuration. */
  private static final List<String> LIBRARY_ADVICE =
      List.of(
          ": enable",
          "; enable",
          " (from `",
          "(from `",
          "`JsonReadFeature",
          "JsonReadFeature",
          "StreamReadConstraints",
          "StreamReadFeature",
          " (start marker at",
          "[Source",
          "\n at ");

  private JsonErrors() {}

  /** A 400 naming where and why the body is not acceptable JSON. */
  static ApiError malformed(JsonProcessingException e) {
    return ApiError.badRequest("MalformedJson", "malformed JSON" + where(e) + ": " + why(e));
  }

  private static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String why(JsonProcessingException e) {
    String text = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      if (text.contains("nesting depth")) {
        return "nested too deep";
      }
      if (text.contains("Number value length")) {
        return "a number is too long";
      }
      if (text.contains("String value length") || text.contains("Name length")) {
        return "a string is too long";
      }
      return "the document exceeds a size limit";
    }
    int cut = text.length();
    for (String advice : LIBRARY_ADVICE) {
      int i = text.indexOf(advice);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String plain = text.substring(0, cut).strip();
    if (plain.startsWith("Non-standard token")) {
      // NaN and Infinity: Jackson names them a "non-standard token" and its feature that allows
      // them
      plain = plain.replace("Non-standard token", "not a JSON number:");
    }
    return plain.isEmpty() ? "not JSON" : cap(plain);
  }

  /** Jackson echoes a bounded token already; the message as a whole is bounded here. */
  private static String cap(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
