package io.plantops.contract.opcua;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The project's one NodeId syntax: OPC UA NodeIds in their string form (OPC UA Part 6 §5.3.1.10),
 * an optional {@code ns=<index>;} or {@code nsu=<uri>;} prefix, then {@code i=<uint32>}, {@code
 * s=<string>}, {@code g=<guid>} or {@code b=<base64>}.
 *
 * <p>{@link #PATTERN} is what the CRD schema checks at apply time; {@link #parse} is the full check
 * (ranges, base64) with a message that says what is wrong, used by the operator's validators and by
 * the connector before it hands the text to Milo. The connector resolves a namespace URI against
 * the server's namespace table.
 */
public final class NodeIdSyntax {

  /**
   * The syntax as a regular expression, for the CRD schema: every text {@link #parse} accepts
   * matches it; it leaves the range checks to {@link #parse}.
   */
  public static final String PATTERN =
      "^((ns=\\d+|nsu=[^;\\x00-\\x1F\\x7F]+);)?(i=\\d+|s=[^\\x00-\\x1F\\x7F]+|g=[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
          + "-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|b=[A-Za-z0-9+/]+={0,2})$";

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$");
  private static final long UINT16_MAX = 65_535L;
  private static final long UINT32_MAX = 4_294_967_295L;

  /** The identifier types of Part 6 §5.3.1.10. */
  public enum IdType {
    NUMERIC,
    STRING,
    GUID,
    OPAQUE
  }

  /**
   * A parsed NodeId.
   *
   * @param namespaceIndex ns= value, or empty when a URI or no prefix is given (namespace 0)
   * @param namespaceUri nsu= value, or empty
   * @param type identifier type
   * @param identifier the identifier as written
   */
  public record NodeId(
      Optional<Integer> namespaceIndex,
      Optional<String> namespaceUri,
      IdType type,
      String identifier) {

    /**
     * True when the namespace is given by index ({@code ns=N}, N > 0): not stable (Part 3 §8.2.2).
     */
    public boolean byIndex() {
      return namespaceIndex.isPresent() && namespaceIndex.get() > 0;
    }

    /** The same node named by namespace URI. */
    public NodeId withNamespaceUri(String uri) {
      return new NodeId(Optional.empty(), Optional.of(uri), type, identifier);
    }

    /** The string form: {@code nsu=<uri>;} or {@code ns=<index>;} (omitted for 0), then the id. */
    public String text() {
      String prefix =
          namespaceUri
              .map(u -> "nsu=" + u + ";")
              .orElse(namespaceIndex.filter(i -> i > 0).map(i -> "ns=" + i + ";").orElse(""));
      String kind =
          switch (type) {
            case NUMERIC -> "i=";
            case STRING -> "s=";
            case GUID -> "g=";
            case OPAQUE -> "b=";
          };
      return prefix + kind + identifier;
    }
  }

  /**
   * {@code text} named by namespace URI instead of index: the form that survives a server restart
   * (OPC UA Part 3 §8.2.2, Part 4 §5.4). Empty when {@code text} is not a valid NodeId or {@code
   * uri} cannot be written in an {@code nsu=} prefix (it holds a ';' or a control character).
   */
  public static Optional<String> byNamespaceUri(String text, String uri) {
    Result parsed = parse(text);
    if (!parsed.valid() || uri == null || uri.isEmpty()) {
      return Optional.empty();
    }
    String result = parsed.nodeId().orElseThrow().withNamespaceUri(uri).text();
    Result check = parse(result);
    return check.valid() && check.nodeId().orElseThrow().namespaceUri().orElse("").equals(uri)
        ? Optional.of(result)
        : Optional.empty();
  }

  private NodeIdSyntax() {}

  /**
   * Parses {@code text}.
   *
   * @return the NodeId, or a message saying what is wrong and what is accepted
   */
  public static Result parse(String text) {
    if (text == null || text.isBlank()) {
      return Result.error("the NodeId is empty; write it as ns=2;s=TAG or ns=3;i=1042");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        // a line break or tab in a tag name is a copy-and-paste accident, never a real tag
        return Result.error(
            "'"
                + text.strip()
                + "': contains a control character (line break, tab, ...) at position "
                + i
                + "; write the NodeId on one line");
      }
    }
    String rest = text;
    Optional<Integer> index = Optional.empty();
    Optional<String> uri = Optional.empty();
    if (rest.startsWith("ns=")) {
      int semicolon = rest.indexOf(';');
      if (semicolon < 0) {
        return Result.error(
            "'" + text + "': ns=<index> must be followed by ';' and the identifier");
      }
      String ns = rest.substring(3, semicolon);
      Optional<Long> value = unsigned(ns);
      if (value.isEmpty() || value.get() > UINT16_MAX) {
        return Result.error(
            "'" + text + "': the namespace index '" + ns + "' is not a number from 0 to 65535");
      }
      index = Optional.of(value.get().intValue());
      rest = rest.substring(semicolon + 1);
    } else if (rest.startsWith("nsu=")) {
      int semicolon = rest.indexOf(';');
      if (semicolon <= 4) {
        return Result.error("'" + text + "': nsu=<uri> must give a URI followed by ';'");
      }
      uri = Optional.of(rest.substring(4, semicolon));
      rest = rest.substring(semicolon + 1);
    }
    if (rest.length() < 2 || rest.charAt(1) != '=') {
      return Result.error(
          "'"
              + text
              + "': the identifier must start with i=, s=, g= or b= (OPC UA Part 6 §5.3.1.10)");
    }
    String value = rest.substring(2);
    IdType type;
    switch (rest.charAt(0)) {
      case 'i' -> {
        Optional<Long> numeric = unsigned(value);
        if (numeric.isEmpty() || numeric.get() > UINT32_MAX) {
          return Result.error(
              "'" + text + "': i= needs an unsigned 32-bit number, got '" + value + "'");
        }
        type = IdType.NUMERIC;
      }
      case 's' -> {
        if (value.isEmpty()) {
          return Result.error("'" + text + "': s= needs a non-empty string identifier");
        }
        type = IdType.STRING;
      }
      case 'g' -> {
        if (!GUID.matcher(value).matches()) {
          return Result.error(
              "'"
                  + text
                  + "': g= needs a GUID such as 09087e75-8e5e-499b-954f-f2a9603db28a, got '"
                  + value
                  + "'");
        }
        type = IdType.GUID;
      }
      case 'b' -> {
        if (value.isEmpty() || !isBase64(value)) {
          return Result.error("'" + text + "': b= needs a base64 ByteString, got '" + value + "'");
        }
        type = IdType.OPAQUE;
      }
      default -> {
        return Result.error(
            "'"
                + text
                + "': unknown identifier type '"
                + rest.charAt(0)
                + "=', use i=, s=, g= or b=");
      }
    }
    return new Result(Optional.of(new NodeId(index, uri, type, value)), Optional.empty());
  }

  private static Optional<Long> unsigned(String digits) {
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(digits));
  }

  private static boolean isBase64(String value) {
    try {
      Base64.getDecoder().decode(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A parse result: the NodeId, or the problem.
   *
   * @param nodeId the NodeId when it parsed
   * @param problem what is wrong otherwise
   */
  public record Result(Optional<NodeId> nodeId, Optional<String> problem) {
    static Result error(String message) {
      return new Result(Optional.empty(), Optional.of(message));
    }

    /** True when the text parsed. */
    public boolean valid() {
      return nodeId.isPresent();
    }
  }
}
