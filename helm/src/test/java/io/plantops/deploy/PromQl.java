package io.plantops.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a PromQL parser: it removes what cannot be a
 * metric name (string literals, label matchers, range and subquery brackets, grouping label lists
 * of by/without/on/ignoring/group_left/group_right), then every remaining identifier that is not a
 * function call, a keyword or a number is a metric name.
 */
final class PromQl {

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|`[^`]*`");
  private static final Pattern GROUPING =
      Pattern.compile(
          "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "inf",
          "nan");

  private PromQl() {}

  /** The metric names in {@code expr}; Grafana variables ($plant, $__range) are ignored. */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll(" ");
    s = removeBetween(s, '{', '}');
    s = removeBetween(s, '[', ']');
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String id = m.group(1);
      boolean call = m.group(2) != null;
      if (call || KEYWORDS.contains(id.toLowerCase())) {
        continue;
      }
      names.add(id);
    }
    return names;
  }

  /** The metric a Grafana {@code label_values(metric, label)} variable query reads. */
  static Set<String> variableQueryMetrics(String query) {
    Matcher m = Pattern.compile("label_values\\(\\s*([^,]+?)\\s*,").matcher(query);
    if (m.find()) {
      return metricNames(m.group(1));
    }
    Matcher q = Pattern.compile("query_result\\((.*)\\)\\s*$").matcher(query);
    if (q.find()) {
      return metricNames(q.group(1));
    }
    return metricNames(query);
  }

  private static String removeBetween(String s, char open, char close) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    for (char c : s.toCharArray()) {
      if (c == open) {
        depth++;
        out.append(' ');
      } else if (c == close && depth > 0) {
        depth--;
        out.append(' ');
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
