package io.plantops.inference.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The sink of one connection, rewriting the one answer Undertow gives without a handler: when its
 * HTTP/1.1 parser cannot read a request (a garbage request line, a byte not allowed in the path,
 * too many or too large headers, a bad Content-Length or Transfer-Encoding, two Host headers), it
 * writes a fixed {@code 400 Bad Request} with an empty body and closes, before any handler exists
 * for the request. This conduit replaces exactly those bytes with the same status and the API's
 * JSON error body, so every refusal a client can get carries {@code {"error", "reason"}}.
 *
 * <p>Undertow 2.3 has no option or hook for that answer (it is a constant of its package-private
 * {@code HttpReadListener}); the bytes below are that constant, checked by {@code HttpEdgeIT}, so
 * an Undertow upgrade that changes them fails a test rather than going silent. Normal answers are
 * never equal to it: they always carry a Content-Type and a body.
 */
final class MalformedRequestAnswer extends AbstractStreamSinkConduit<StreamSinkConduit> {

  /** What Undertow writes when it cannot parse a request. */
  static final byte[] UNDERTOW_BAD_REQUEST =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  static final String MESSAGE =
      "the request is not valid HTTP/1.1 and was not read: its request line, a header (at most "
          + HttpLimits.MAX_HEADERS
          + " headers, "
          + HttpLimits.MAX_HEADER_BYTES / 1024
          + " KiB with the request line), Content-Length, Transfer-Encoding or a byte of the path"
          + " (percent-encode anything but printable ASCII) is malformed";

  private static final byte[] ANSWER = answer();

  private final Runnable counted;
  private ByteBuffer pending;
  private boolean terminate;

  /**
   * @param counted told once per rewritten answer (the request metrics count it)
   */
  MalformedRequestAnswer(StreamSinkConduit next, Runnable counted) {
    super(next);
    this.counted = counted;
  }

  private static byte[] answer() {
    byte[] body =
        ("{\"error\":\"" + MESSAGE + "\",\"reason\":\"MalformedRequest\"}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (pending == null && isUndertowBadRequest(src)) {
      int n = src.remaining();
      src.position(src.limit());
      pending = ByteBuffer.wrap(ANSWER);
      counted.run();
      writePending();
      return n;
    }
    if (!writePending()) {
      return 0;
    }
    return next.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    if (!writePending()) {
      return 0;
    }
    return next.write(srcs, offs, len);
  }

  @Override
  public void terminateWrites() throws IOException {
    if (!writePending()) {
      terminate = true; // after the answer is out
      return;
    }
    next.terminateWrites();
  }

  @Override
  public boolean flush() throws IOException {
    if (!writePending()) {
      return false;
    }
    if (terminate) {
      terminate = false;
      next.terminateWrites();
    }
    return next.flush();
  }

  /** Writes what is left of the rewritten answer; true when nothing is left. */
  private boolean writePending() throws IOException {
    if (pending == null) {
      return true;
    }
    while (pending.hasRemaining()) {
      if (next.write(pending) == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUndertowBadRequest(ByteBuffer src) {
    if (src.remaining() != UNDERTOW_BAD_REQUEST.length) {
      return false;
    }
    int p = src.position();
    for (int i = 0; i < UNDERTOW_BAD_REQUEST.length; i++) {
      if (src.get(p + i) != UNDERTOW_BAD_REQUEST[i]) {
        return false;
      }
    }
    return true;
  }
}
