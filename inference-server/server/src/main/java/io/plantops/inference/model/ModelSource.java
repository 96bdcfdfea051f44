package io.plantops.inference.model;

import io.plantops.contract.HostAliases;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.MountPaths;
import io.plantops.contract.rules.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a model version's bytes come from: {@code file://} and {@code configmap://} paths under the
 * mount root, and {@code http(s)://} through the host aliases with a content-addressed cache (a
 * file named by its SHA-256, used only when it still has that digest). Every read is bounded by
 * {@link ModelLoader#MAX_MODEL_BYTES} and hashed as it streams.
 */
final class ModelSource {

  private static final System.Logger LOG = System.getLogger(ModelSource.class.getName());
  private static final Pattern CONFIGMAP_PART = Pattern.compile("[A-Za-z0-9._-]+");

  /**
   * A model file's bytes, as read.
   *
   * @param bytes the content
   * @param sha256 its SHA-256, lower-case hex
   * @param file where ONNX Runtime can open it (a local file or the cache), if anywhere
   * @param directory where its external data may lie: only for {@code file://} and {@code
   *     configmap://} models
   * @param cacheTarget where to cache it once verified (a download that is not cached yet)
   */
  record Fetched(
      byte[] bytes,
      String sha256,
      Optional<Path> file,
      Optional<Path> directory,
      Optional<Path> cacheTarget) {}

  private final HostAliases aliases;
  private final Path cacheDir;
  private final String mountRoot;
  private final HttpClient http;

  ModelSource(HostAliases aliases, Path cacheDir, String mountRoot) {
    this.aliases = aliases;
    this.cacheDir = cacheDir;
    this.mountRoot = mountRoot;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Reads the model at {@code configuredUri}; {@code expectedSha} names the cache entry that may
   * stand in for a download.
   */
  Fetched fetch(String configuredUri, String expectedSha) throws ModelRefusedException {
    String uri = aliases.rewrite(configuredUri);
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "'" + uri + "' is not a URI", e);
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase();
    switch (scheme) {
      case "file" -> {
        if (parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
          throw new ModelRefusedException(
              ModelRefusalReason.Unreadable, uri + ": file:// URIs need an absolute path");
        }
        return local(MountPaths.resolve(mountRoot, parsed.getPath()), uri);
      }
      case "configmap" -> {
        String name = parsed.getAuthority();
        String key = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
        if (name == null
            || !CONFIGMAP_PART.matcher(name).matches()
            || !CONFIGMAP_PART.matcher(key).matches()
            || key.equals("..")
            || key.equals(".")) {
          throw new ModelRefusedException(
              ModelRefusalReason.Unreadable, uri + ": expected configmap://<name>/<key>");
        }
        return local(
            MountPaths.resolve(mountRoot, MountPaths.MODELS_DIR).resolve(name).resolve(key), uri);
      }
      case "http", "https" -> {
        Path cached = cacheDir.resolve(expectedSha + ".onnx");
        if (Files.isRegularFile(cached)) {
          try {
            Read read = readLimited(Files.newInputStream(cached), uri);
            if (read.sha256().equals(expectedSha)) {
              return new Fetched(
                  read.bytes(),
                  read.sha256(),
                  Optional.of(cached),
                  Optional.empty(),
                  Optional.empty());
            }
          } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable cached " + cached, e);
          }
        }
        Read read = download(parsed, uri);
        return new Fetched(
            read.bytes(), read.sha256(), Optional.empty(), Optional.empty(), Optional.of(cached));
      }
      default ->
          throw new ModelRefusedException(
              ModelRefusalReason.Unreadable,
              uri + ": unsupported scheme; use file://, http(s):// or configmap://name/key");
    }
  }

  /** Keeps a verified download; a failure only costs a download on the next start. */
  void cache(Path target, byte[] bytes) {
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "download-", ".part");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot cache the model at " + target, e);
    }
  }

  private Fetched local(Path file, String uri) throws ModelRefusedException {
    try {
      Read read = readLimited(Files.newInputStream(file), uri);
      return new Fetched(
          read.bytes(),
          read.sha256(),
          Optional.of(file),
          Optional.of(file.toAbsolutePath().getParent()),
          Optional.empty());
    } catch (IOException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot read " + uri + " at " + file + ": " + e, e);
    }
  }

  private Read download(URI parsed, String uri) throws ModelRefusedException {
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(parsed).timeout(Duration.ofSeconds(60)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new ModelRefusedException(
            ModelRefusalReason.Unreadable,
            "GET " + uri + " answered HTTP " + response.statusCode());
      }
      return readLimited(response.body(), uri);
    } catch (IOException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot download " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "download of " + uri + " interrupted", e);
    }
  }

  private record Read(byte[] bytes, String sha256) {}

  private static Read readLimited(InputStream in, String uri) throws IOException {
    try (in) {
      MessageDigest sha256 = Digests.newSha256();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        total += n;
        if (total > ModelLoader.MAX_MODEL_BYTES) {
          throw new IOException(uri + " is larger than " + ModelLoader.MAX_MODEL_BYTES + " bytes");
        }
        sha256.update(chunk, 0, n);
        out.write(chunk, 0, n);
      }
      return new Read(out.toByteArray(), Digests.hex(sha256.digest()));
    }
  }
}
