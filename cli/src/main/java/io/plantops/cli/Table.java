package io.plantops.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table as kubectl prints one: upper-case headers, columns three spaces apart. */
final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  Table add(List<String> row) {
    if (row.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + row.size() + " cells for " + headers.size() + " columns");
    }
    rows.add(List.copyOf(row));
    return this;
  }

  String render() {
    int[] width = new int[headers.size()];
    for (List<String> r : allRows()) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> r : allRows()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(r.get(i));
        if (i < r.size() - 1) {
          line.append(" ".repeat(width[i] - r.get(i).length() + 3));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    return all;
  }
}
