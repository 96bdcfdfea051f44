package io.plantops.contract;

import io.plantops.contract.rules.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-plant data-path credential, in one place for the operator (which creates the Secret and
 * mounts it), the connector (which sends the token) and the inference server (which checks it).
 *
 * <p>The Secret's {@value #SECRET_KEY} key holds one bearer token per line: the connector sends the
 * first, the inference server accepts any of them. An instance follows the mounted file: each call
 * of {@link #tokens()} looks at the file's attributes (one {@code stat}, cheap enough per request)
 * and reads it again when they changed. Kubernetes replaces a mounted Secret's files by swapping a
 * {@code ..data} symlink, and the sandbox by renaming a new file over the old one: either way the
 * file the path leads to is a new one, with its own inode and time.
 *
 * <p>The token is never logged nor put in an exception message by this class.
 */
public final class DataPathToken {

  /** Secret key, and file name, of the token(s). */
  public static final String SECRET_KEY = "token";

  /** Directory of the data-path Secret volume, in both workloads. */
  public static final String DIR = "/etc/plantops/secrets/datapath";

  /** Full path of the token file in the container. */
  public static final String FILE = DIR + "/" + SECRET_KEY;

  /** Whether the inference server requires the token: {@code required} or {@code off}. */
  public static final String AUTH_ENV = "PLANTOPS_DATAPATH_AUTH";

  /** Whether the inference server's OIP v2 endpoints require the token too: true or false. */
  public static final String MODEL_ENDPOINTS_ENV = "PLANTOPS_DATAPATH_AUTH_MODEL_ENDPOINTS";

  /** Where the token file is, when not at {@link #FILE} (resolved like every mount path). */
  public static final String FILE_ENV = "PLANTOPS_DATAPATH_TOKEN_FILE";

  /** Random bytes in a generated token: 256 bits. */
  public static final int TOKEN_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private volatile Snapshot snapshot = new Snapshot(null, List.of(), List.of());

  /** What was read, and the attributes of the file it was read from. */
  private record Snapshot(Stamp stamp, List<String> tokens, List<byte[]> digests) {}

  /** The attributes that tell one version of the file from another. */
  private record Stamp(FileTime modified, long size, Object key) {}

  public DataPathToken(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** A new token: {@value #TOKEN_BYTES} random bytes, base64url without padding. */
  public static String generate() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token file. */
  public Path file() {
    return file;
  }

  /**
   * The tokens in the file now, in order (empty when it is missing, unreadable or blank).
   *
   * @throws IOException when the file exists but cannot be read
   */
  public List<String> tokens() throws IOException {
    return current().tokens();
  }

  /** The token to send: the file's first, when there is one. */
  public Optional<String> first() throws IOException {
    List<String> tokens = tokens();
    return tokens.isEmpty() ? Optional.empty() : Optional.of(tokens.get(0));
  }

  /**
   * Whether {@code presented} is one of the file's tokens. The comparison is of SHA-256 digests
   * with {@link MessageDigest#isEqual}: its time depends neither on where the two first differ nor
   * on the presented token's length.
   */
  public boolean accepts(String presented) throws IOException {
    return matches(current().digests(), digest(presented));
  }

  /** The SHA-256 digests of the file's tokens now (to keep after a rotation without the tokens). */
  public List<byte[]> digests() throws IOException {
    return current().digests();
  }

  /** Whether {@code digest} is one of {@code accepted}, in time independent of the contents. */
  public static boolean matches(List<byte[]> accepted, byte[] digest) {
    boolean any = false;
    for (byte[] candidate : accepted) {
      any |= MessageDigest.isEqual(candidate, digest);
    }
    return any;
  }

  /** The SHA-256 of a token. */
  public static byte[] digest(String token) {
    return Digests.sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the file again whatever its attributes say (after the peer refused the token). */
  public void reload() {
    snapshot = new Snapshot(null, List.of(), List.of());
  }

  private Snapshot current() throws IOException {
    Snapshot known = snapshot;
    Stamp stamp;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      stamp = new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      Snapshot none = new Snapshot(null, List.of(), List.of());
      snapshot = none;
      return none;
    }
    if (stamp.equals(known.stamp())) {
      return known;
    }
    List<String> tokens = new ArrayList<>();
    List<byte[]> digests = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String token = line.strip();
        if (!token.isEmpty()) {
          tokens.add(token);
          digests.add(digest(token));
        }
      }
    } catch (NoSuchFileException e) {
      // swapped away between the stat and the read: the next call sees the new file
      return known;
    }
    Snapshot read = new Snapshot(stamp, List.copyOf(tokens), List.copyOf(digests));
    snapshot = read;
    return read;
  }

  @Override
  public String toString() {
    // never the token
    return "DataPathToken[" + file + "]";
  }
}
