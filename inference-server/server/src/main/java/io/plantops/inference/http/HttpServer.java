package io.plantops.inference.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * Undertow core's HTTP/1.1 listener, assembled from its parts rather than by {@code
 * Undertow.builder()}, for one reason: each accepted connection's sink is wrapped in a {@link
 * MalformedRequestAnswer} before Undertow sees it, which the builder gives no way to do. The
 * options are the builder's defaults, plus the server's {@link HttpLimits}.
 */
public final class HttpServer implements AutoCloseable {

  private final XnioWorker worker;
  private final AcceptingChannel<StreamConnection> channel;

  private HttpServer(XnioWorker worker, AcceptingChannel<StreamConnection> channel) {
    this.worker = worker;
    this.channel = channel;
  }

  /**
   * Listens on {@code host:port}.
   *
   * @param malformed told for each request Undertow refuses before any handler (counted)
   */
  static HttpServer start(
      String host, int port, HttpLimits limits, HttpHandler root, Runnable malformed) {
    int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
    XnioWorker worker;
    try {
      worker =
          xnio.createWorker(
              OptionMap.builder()
                  .set(Options.WORKER_IO_THREADS, ioThreads)
                  .set(Options.WORKER_TASK_CORE_THREADS, 8)
                  .set(Options.WORKER_TASK_MAX_THREADS, 8)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CORK, true)
                  .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP worker threads", e);
    }
    OptionMap socket =
        OptionMap.builder()
            .set(Options.WORKER_IO_THREADS, ioThreads)
            .set(Options.TCP_NODELAY, true)
            .set(Options.REUSE_ADDRESSES, true)
            .set(Options.BALANCING_TOKENS, 1)
            .set(Options.BALANCING_CONNECTIONS, 2)
            .set(Options.BACKLOG, 1000)
            // XNIO stops accepting at the high water mark and resumes below the low one
            .set(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
            .set(Options.CONNECTION_LOW_WATER, limits.maxConnections())
            .getMap();
    OptionMap http =
        OptionMap.builder()
            .set(UndertowOptions.RECORD_REQUEST_START_TIME, false)
            .set(UndertowOptions.MAX_HEADERS, HttpLimits.MAX_HEADERS)
            .set(UndertowOptions.MAX_HEADER_SIZE, HttpLimits.MAX_HEADER_BYTES)
            .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.headerTimeoutMs())
            .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeoutMs())
            .getMap();
    ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
    HttpOpenListener undertow = new HttpOpenListener(buffers, http);
    undertow.setRootHandler(root);
    ChannelListener<StreamConnection> open =
        connection -> {
          connection
              .getSinkChannel()
              .setConduit(
                  new MalformedRequestAnswer(connection.getSinkChannel().getConduit(), malformed));
          undertow.handleEvent(connection);
        };
    try {
      AcceptingChannel<StreamConnection> server =
          worker.createStreamConnectionServer(
              new InetSocketAddress(host, port),
              ChannelListeners.openListenerAdapter(open),
              socket);
      server.resumeAccepts();
      return new HttpServer(worker, server);
    } catch (IOException e) {
      worker.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  @Override
  public void close() {
    IoUtils.safeClose(channel);
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
