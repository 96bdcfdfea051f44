package io.plantops.inference.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for the load generator: one connection, one request in
 * flight, the request bytes prepared once. A general client (java.net.http) would add its own tens
 * of microseconds and its threads to the measurement on a 2-core machine.
 */
final class HttpClient1 implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request;
  private final byte[] buf = new byte[8192];

  HttpClient1(int port, String path, byte[] body) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16384);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
  }

  /** Sends the request and reads the whole response; returns the status code. */
  int call() throws IOException {
    out.write(request);
    out.flush();
    int status = -1;
    int contentLength = -1;
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        String l = line.toString().trim();
        line.setLength(0);
        if (status < 0) {
          status = Integer.parseInt(l.substring(9, 12));
        } else if (l.isEmpty()) {
          break;
        } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
          contentLength = Integer.parseInt(l.substring(15).trim());
        }
      } else {
        line.append((char) c);
      }
    }
    int remaining = contentLength;
    while (remaining > 0) {
      int n = in.read(buf, 0, Math.min(buf.length, remaining));
      if (n < 0) {
        throw new IOException("truncated body");
      }
      remaining -= n;
    }
    return status;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
