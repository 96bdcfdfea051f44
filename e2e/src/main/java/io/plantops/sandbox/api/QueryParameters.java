package io.plantops.sandbox.api;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query of a request path, decoded, in order; and the path rebuilt without some of its
 * parameters.
 */
record QueryParameters(String path, List<Map.Entry<String, String>> entries) {

  static QueryParameters of(String requestPath) {
    URI uri = URI.create(requestPath);
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        entries.add(Map.entry(decode(key), decode(value)));
      }
    }
    return new QueryParameters(uri.getRawPath(), List.copyOf(entries));
  }

  /** The first value of {@code name}. */
  Optional<String> first(String name) {
    return entries.stream()
        .filter(e -> e.getKey().equals(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** The request path with every parameter but {@code name}. */
  String pathWithout(String name) {
    StringBuilder b = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, String> e : entries) {
      if (!e.getKey().equals(name)) {
        b.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        separator = '&';
      }
    }
    return b.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
