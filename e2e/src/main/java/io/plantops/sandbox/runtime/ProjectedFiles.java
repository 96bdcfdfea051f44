package io.plantops.sandbox.runtime;

import io.plantops.contract.rules.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one pod's {@link Volumes.Projection} to disk and keeps it current: a changed ConfigMap or
 * Secret key is rewritten in place, atomically per file (write, then rename), so that a workload
 * watching the file sees the old content or the new one, never half of it, and hot-reloads as it
 * would on a cluster. Unchanged files are not touched.
 */
final class ProjectedFiles {

  private final String pod;
  private final Map<Path, String> written = new HashMap<>();

  ProjectedFiles(String pod) {
    this.pod = pod;
  }

  /** Brings the files and directories on disk to {@code projection}. */
  void write(Volumes.Projection projection) {
    try {
      for (Path dir : projection.emptyDirs()) {
        Files.createDirectories(dir);
      }
      for (Map.Entry<Path, byte[]> f : projection.files().entrySet()) {
        String digest = Digests.sha256Hex(f.getValue());
        if (digest.equals(written.get(f.getKey()))) {
          continue;
        }
        Files.createDirectories(f.getKey().getParent());
        Path tmp = f.getKey().resolveSibling("." + f.getKey().getFileName() + ".tmp");
        Files.write(tmp, f.getValue());
        Files.move(
            tmp, f.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.put(f.getKey(), digest);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot materialise the volumes of " + pod + ": " + e.getMessage(), e);
    }
  }
}
