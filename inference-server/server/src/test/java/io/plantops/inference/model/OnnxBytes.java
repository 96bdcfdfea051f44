package io.plantops.inference.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Edits ONNX protobuf bytes for tests: adds an initializer whose data is external. */
final class OnnxBytes {

  private OnnxBytes() {}

  /** {@code model} with one more graph initializer stored at {@code location}. */
  static byte[] withExternalInitializer(byte[] model, String name, String location) {
    ByteArrayOutputStream tensor = new ByteArrayOutputStream();
    tag(tensor, 1, 0);
    varint(tensor, 1); // dims [1]
    tag(tensor, 2, 0);
    varint(tensor, 1); // FLOAT
    field(tensor, 8, name.getBytes(StandardCharsets.UTF_8));
    field(tensor, 13, entry("location", location));
    field(tensor, 13, entry("offset", "0"));
    field(tensor, 13, entry("length", "4"));
    tag(tensor, 14, 0);
    varint(tensor, 1); // EXTERNAL
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < model.length) {
      int start = pos;
      long[] key = readVarint(model, pos);
      pos = (int) key[1];
      int field = (int) (key[0] >>> 3);
      int wire = (int) (key[0] & 7);
      if (wire == 0) {
        pos = (int) readVarint(model, pos)[1];
        out.write(model, start, pos - start);
      } else if (wire == 2) {
        long[] len = readVarint(model, pos);
        int bodyStart = (int) len[1];
        int bodyEnd = bodyStart + (int) len[0];
        if (field == 7) {
          ByteArrayOutputStream graph = new ByteArrayOutputStream();
          graph.write(model, bodyStart, bodyEnd - bodyStart);
          field(graph, 5, tensor.toByteArray());
          field(out, 7, graph.toByteArray());
        } else {
          out.write(model, start, bodyEnd - start);
        }
        pos = bodyEnd;
      } else {
        throw new IllegalArgumentException("unexpected wire type " + wire);
      }
    }
    return out.toByteArray();
  }

  private static byte[] entry(String key, String value) {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    field(e, 1, key.getBytes(StandardCharsets.UTF_8));
    field(e, 2, value.getBytes(StandardCharsets.UTF_8));
    return e.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int field, byte[] body) {
    tag(out, field, 2);
    varint(out, body.length);
    out.write(body, 0, body.length);
  }

  private static void tag(ByteArrayOutputStream out, int field, int wire) {
    varint(out, ((long) field << 3) | wire);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long[] readVarint(byte[] b, int pos) {
    long result = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[pos++];
      result |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return new long[] {result, pos};
      }
    }
  }
}
