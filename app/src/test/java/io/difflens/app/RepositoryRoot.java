package io.difflens.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root from a module's working directory. */
final class RepositoryRoot {
  private RepositoryRoot() {}

  static Path find() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("app"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
