package io.plantops.inference.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One client connection speaking HTTP/1.1 byte by byte, for what a well-behaved client library
 * refuses to send: garbage request lines, bad lengths, control bytes in paths, trickled bodies.
 */
final class RawHttp implements AutoCloseable {

  /** One response as read off the wire. */
  record Response(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  RawHttp send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Waits at most {@code ms} for the first byte of an answer; true when one came. */
  boolean answersWithin(int ms) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout(ms);
    try {
      return peek();
    } catch (SocketTimeoutException e) {
      return false;
    } finally {
      socket.setSoTimeout(before);
    }
  }

  private int pushedBack = -2;

  private boolean peek() throws IOException {
    if (pushedBack == -2) {
      pushedBack = in.read();
    }
    return true;
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int b = pushedBack;
      pushedBack = -2;
      return b;
    }
    return in.read();
  }

  /** True when the server closed the connection (end of stream) rather than answering. */
  boolean closedByServer() throws IOException {
    try {
      return read() == -1;
    } catch (java.net.SocketException e) {
      return true; // reset: closed as well
    }
  }

  /** Reads one response whose body has a Content-Length. */
  Response response() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      int b = read();
      if (b < 0) {
        throw new IOException("body cut after " + i + " of " + length + " bytes");
      }
      body[i] = (byte) b;
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
