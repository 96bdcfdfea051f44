package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Requests as the sandbox API server receives them, for tests that drive one link alone. */
final class Requests {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();

  private Requests() {}

  static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
    Headers.Builder headers = new Headers.Builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        headers.build(),
        new Buffer().writeUtf8(body == null ? "" : body));
  }

  static RecordedRequest get(String path) {
    return request(HttpMethod.GET, path, null, null);
  }

  static RecordedRequest post(String path, String json) {
    return request(HttpMethod.POST, path, "application/json", json);
  }

  static RecordedRequest patch(String path, String contentType, String json) {
    return request(HttpMethod.PATCH, path, contentType, json);
  }

  static JsonNode json(MockResponse response) {
    try {
      return Messages.JSON.readTree(Messages.body(response));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plantops CRDs, registered as the server registers them at start. */
  static ApiResources plantopsResources() {
    ApiResources resources = new ApiResources();
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> files = Files.list(ROOT.resolve("crds"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        resources.registerCrd(yaml.readTree(f.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resources;
  }

  /** An example manifest as JSON, e.g. {@code examples/plants/lyon/kiln1-energy.yaml}. */
  static String example(String relative) {
    try {
      return Messages.json(new YAMLMapper().readTree(ROOT.resolve(relative).toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
