package io.plantops.inference.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every tensor of an ONNX model whose data lives in an external file, by walking the protobuf
 * wire format of the few messages that can hold a tensor.
 *
 * <p>Why not generated protobuf classes: the server already carries CEL's protobuf-java 4.x, the
 * ONNX classes available on Maven Central (Tribuo's) are generated for 3.x, and a check that runs
 * before any native code touches an untrusted file should be small enough to read in one sitting.
 * Field numbers are those of onnx/onnx.proto (stable since IR version 3; new fields only add):
 *
 * <ul>
 *   <li>ModelProto: graph 7, training_info 20 (initialization 1, algorithm 2), functions 25
 *   <li>GraphProto: node 1, initializer 5, sparse_initializer 15
 *   <li>NodeProto: attribute 5; FunctionProto: node 7
 *   <li>AttributeProto: t 5, g 6, tensors 10, graphs 11, sparse_tensor 22, sparse_tensors 23
 *   <li>SparseTensorProto: values 1, indices 2
 *   <li>TensorProto: name 8, external_data 13 (StringStringEntryProto key 1, value 2),
 *       data_location 14 (EXTERNAL = 1)
 * </ul>
 *
 * Subgraphs (If, Loop, Scan bodies) and function bodies are walked too, to a bounded depth.
 */
public final class OnnxExternalData {

  /**
   * One tensor stored outside the model file.
   *
   * @param tensor tensor name
   * @param location the {@code location} entry, a path relative to the model's directory
   */
  public record Reference(String tensor, String location) {}

  private static final int MAX_DEPTH = 64;

  private final byte[] buf;
  private final List<Reference> found = new ArrayList<>();

  private OnnxExternalData(byte[] buf) {
    this.buf = buf;
  }

  /**
   * Every external-data reference in the model.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed protobuf message
   */
  public static List<Reference> references(byte[] model) {
    OnnxExternalData walker = new OnnxExternalData(model);
    walker.model(0, model.length);
    return List.copyOf(walker.found);
  }

  private void model(int start, int end) {
    Cursor c = new Cursor(start, end);
    while (c.more()) {
      int tag = c.tag();
      switch (tag) {
        case 7 -> graph(c.message(), 1);
        case 20 -> trainingInfo(c.message());
        case 25 -> function(c.message(), 1);
        default -> c.skip();
      }
    }
  }

  private void trainingInfo(int[] range) {
    Cursor c = new Cursor(range[0], range[1]);
    while (c.more()) {
      int tag = c.tag();
      if (tag == 1 || tag == 2) {
        graph(c.message(), 1);
      } else {
        c.skip();
      }
    }
  }

  private void graph(int[] range, int depth) {
    depth(depth);
    Cursor c = new Cursor(range[0], range[1]);
    while (c.more()) {
      int tag = c.tag();
      switch (tag) {
        case 1 -> node(c.message(), depth);
        case 5 -> tensor(c.message());
        case 15 -> sparseTensor(c.message());
        default -> c.skip();
      }
    }
  }

  private void function(int[] range, int depth) {
    depth(depth);
    Cursor c = new Cursor(range[0], range[1]);
    while (c.more()) {
      if (c.tag() == 7) {
        node(c.message(), depth);
      } else {
        c.skip();
      }
    }
  }

  private void node(int[] range, int depth) {
    Cursor c = new Cursor(range[0], range[1]);
    while (c.more()) {
      if (c.tag() == 5) {
        attribute(c.message(), depth);
      } else {
        c.skip();
      }
    }
  }

  private void attribute(int[] range, int depth) {
    Cursor c = new Cursor(range[0], range[1]);
    while (c.more()) {
      int tag = c.tag();
      switch (tag) {
        case 5, 10 -> tensor(c.message());
        case 6, 11 -> graph(c.message(), depth + 1);
        case 22, 23 -> sparseTensor(c.message());
        default -> c.skip();
      }
    }
  }

  private void sparseTensor(int[] range) {
    Cursor c = new Cursor(range[0], range[1]);
    while (c.more()) {
      int tag = c.tag();
      if (tag == 1 || tag == 2) {
        tensor(c.message());
      } else {
        c.skip();
      }
    }
  }

  private void tensor(int[] range) {
    Cursor c = new Cursor(range[0], range[1]);
    String name = "";
    String location = null;
    boolean external = false;
    while (c.more()) {
      int tag = c.tag();
      switch (tag) {
        case 8 -> name = c.string();
        case 13 -> {
          String[] entry = entry(c.message());
          if ("location".equals(entry[0])) {
            location = entry[1];
          }
        }
        case 14 -> external = c.varint() == 1;
        default -> c.skip();
      }
    }
    if (external || location != null) {
      found.add(new Reference(name, location == null ? "" : location));
    }
  }

  private String[] entry(int[] range) {
    Cursor c = new Cursor(range[0], range[1]);
    String key = "";
    String value = "";
    while (c.more()) {
      int tag = c.tag();
      if (tag == 1) {
        key = c.string();
      } else if (tag == 2) {
        value = c.string();
      } else {
        c.skip();
      }
    }
    return new String[] {key, value};
  }

  private static void depth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("subgraphs nested deeper than " + MAX_DEPTH);
    }
  }

  /** Reads one message's fields between two offsets, checking every length against the bounds. */
  private final class Cursor {
    private int pos;
    private final int end;
    private int wireType;

    Cursor(int start, int end) {
      this.pos = start;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int tag() {
      long key = varint();
      wireType = (int) (key & 7);
      long field = key >>> 3;
      if (field == 0 || field > 536_870_911L) {
        throw new IllegalArgumentException("invalid field number at byte " + pos);
      }
      return (int) field;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint at byte " + pos);
        }
        byte b = buf[pos++];
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("malformed varint at byte " + pos);
    }

    int[] message() {
      if (wireType != 2) {
        throw new IllegalArgumentException("expected a length-delimited field at byte " + pos);
      }
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new IllegalArgumentException("field length " + len + " overruns its message");
      }
      int[] range = {pos, pos + (int) len};
      pos += (int) len;
      return range;
    }

    String string() {
      int[] r = message();
      return new String(buf, r[0], r[1] - r[0], StandardCharsets.UTF_8);
    }

    void skip() {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> message();
        case 5 -> advance(4);
        default ->
            throw new IllegalArgumentException(
                "unsupported wire type " + wireType + " at byte " + pos);
      }
    }

    private void advance(int n) {
      if (n > end - pos) {
        throw new IllegalArgumentException("fixed-width field overruns its message");
      }
      pos += n;
    }
  }
}
