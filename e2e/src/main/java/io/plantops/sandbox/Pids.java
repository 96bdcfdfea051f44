package io.plantops.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Process ids the sandbox started, so that a second start can clean up after a hard kill. */
final class Pids {

  private static final Logger LOG = LoggerFactory.getLogger(Pids.class);

  private final Path file;

  Pids(Path file) {
    this.file = file;
  }

  synchronized void add(long pid) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          pid + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot record pid {}: {}", pid, e.toString());
    }
  }

  /** Kills java processes left by an earlier sandbox that was killed hard. */
  static void killStale(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(line.trim()));
      p.filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
          .ifPresent(
              h -> {
                LOG.info("stopping process {} left by an earlier sandbox", h.pid());
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
              });
    }
    Files.delete(file);
  }
}
