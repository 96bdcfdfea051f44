package io.plantops.operator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The operator's version, filtered into the jar by the build: the default workload image tag. */
public final class OperatorVersion {

  private static final String RESOURCE = "/META-INF/plantops-operator.properties";
  private static final String VERSION = load();

  private OperatorVersion() {}

  /** The project version this jar was built from. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = OperatorVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the classpath: build the operator with Maven");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
