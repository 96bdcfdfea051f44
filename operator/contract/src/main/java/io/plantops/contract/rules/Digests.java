package io.plantops.contract.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest of the project: model files are verified by it before a session is
 * created, the resolved plant config is versioned by it, and derived names are made from it.
 */
public final class Digests {

  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  /** A new SHA-256 digest, for callers that stream what they hash. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java SE platform must provide SHA-256 (MessageDigest's Javadoc)
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The raw SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  /** The SHA-256 of {@code bytes} as 64 lower-case hex digits, as models[].sha256 is written. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256(bytes));
  }

  /** The SHA-256 of the UTF-8 bytes of {@code text}, as 64 lower-case hex digits. */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The first {@code bytes} bytes of the SHA-256 of {@code text}, as lower-case hex: a short,
   * stable suffix for a derived name (a hash annotation, an event name).
   */
  public static String shortSha256Hex(String text, int bytes) {
    if (bytes < 1 || bytes > 32) {
      throw new IllegalArgumentException("a SHA-256 prefix has 1 to 32 bytes, not " + bytes);
    }
    return HEX.formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
  }

  /** Lower-case hex of a digest computed elsewhere. */
  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }
}
