package io.plantops.sandbox.api;

import java.io.File;

/** Finds kubectl on the PATH. */
final class Kubectl {
  private Kubectl() {}

  static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, "kubectl").canExecute()) {
        return true;
      }
    }
    return false;
  }
}
