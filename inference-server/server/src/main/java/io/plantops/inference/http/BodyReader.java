package io.plantops.inference.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads one request body without blocking, on the exchange's I/O thread, fixed-length and chunked
 * alike: keeps up to {@code keep} bytes, reads and discards the rest of an over-limit body up to
 * {@link HttpLimits#drainBytes()} before the refusal is sent, and gives up after {@code
 * bodyTimeoutMs} however steadily bytes arrive.
 *
 * <p>Why not Undertow's {@code Receiver}: its entity limit fails the read at the limit and leaves
 * the rest of the body unread, so the connection is closed under a client still sending, whose
 * kernel then resets it before it reads the 413 (RFC 9112 §9.6 asks a server to keep reading before
 * closing for exactly this reason); and it has no bound on the time a body takes.
 */
final class BodyReader {

  private static final System.Logger LOG = System.getLogger(BodyReader.class.getName());

  /** How the read ended. */
  interface Outcome {
    /** The whole body, within the limit. */
    void body(byte[] bytes);

    /**
     * The body was refused: too large (413), too slow (408) or malformed (400). When {@code close}
     * is false the body was read to its end and the connection may serve another request; else the
     * connection must close after the answer.
     */
    void refused(ApiError why, boolean close);
  }

  private final HttpServerExchange exchange;
  private final long keep;
  private final HttpLimits limits;
  private final Outcome outcome;
  private final ByteArrayOutputStream kept;
  private final boolean discard;
  private long total;
  private boolean finished;
  private XnioExecutor.Key timeout;
  private StreamSourceChannel channel;

  private BodyReader(HttpServerExchange exchange, long keep, HttpLimits limits, Outcome outcome) {
    this.exchange = exchange;
    this.keep = keep;
    this.limits = limits;
    this.outcome = outcome;
    long declared = exchange.getRequestContentLength();
    // a body declared over the limit is only read away: nothing of it is kept
    this.discard = declared > keep;
    this.kept = new ByteArrayOutputStream(discard ? 0 : (int) Math.max(declared, 256));
  }

  /** Starts reading; {@code outcome} is told once, on the I/O thread. */
  static void read(HttpServerExchange exchange, long keep, HttpLimits limits, Outcome outcome) {
    long declared = exchange.getRequestContentLength();
    if (declared > limits.drainBytes()) {
      // far too large to read away: answer now; the client may see a reset while still sending
      outcome.refused(tooLarge(declared, keep), true);
      return;
    }
    if (exchange.isRequestComplete() || declared == 0) {
      outcome.body(new byte[0]);
      return;
    }
    new BodyReader(exchange, keep, limits, outcome).start();
  }

  private void start() {
    channel = exchange.getRequestChannel();
    if (channel == null) {
      outcome.body(new byte[0]); // already read by someone else: nothing left for us
      return;
    }
    timeout =
        exchange
            .getIoThread()
            .executeAfter(this::timedOut, limits.bodyTimeoutMs(), TimeUnit.MILLISECONDS);
    channel.getReadSetter().set(c -> readAvailable());
    readAvailable();
  }

  private void readAvailable() {
    if (finished) {
      return;
    }
    try (PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate()) {
      ByteBuffer buffer = pooled.getBuffer();
      while (true) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n == -1) {
          complete();
          return;
        }
        if (n == 0) {
          channel.resumeReads();
          return;
        }
        buffer.flip();
        total += n;
        if (total <= keep && !discard) {
          byte[] bytes = new byte[n];
          buffer.get(bytes);
          kept.write(bytes, 0, n);
        } else if (total > limits.drainBytes()) {
          end();
          outcome.refused(tooLarge(-1, keep), true);
          return;
        }
      }
    } catch (IOException e) {
      // the client went away mid-body, or its chunked framing is broken: either way the
      // connection cannot be read further; the answer reaches a client that is still there
      end();
      LOG.log(System.Logger.Level.DEBUG, "request body read failed", e);
      outcome.refused(
          ApiError.badRequest(
              "BodyReadFailed",
              "the request body could not be read: the connection broke or its chunked framing"
                  + " is invalid"),
          true);
    }
  }

  private void complete() {
    end();
    if (total > keep) {
      outcome.refused(tooLarge(total, keep), false);
    } else {
      outcome.body(kept.toByteArray());
    }
  }

  private void timedOut() {
    if (finished) {
      return;
    }
    end();
    outcome.refused(
        new ApiError(
            408,
            "BodyTimeout",
            "the request body did not arrive within "
                + limits.bodyTimeoutMs()
                + " ms (PLANTOPS_HTTP_BODY_TIMEOUT_MS): "
                + total
                + " bytes received"),
        true);
  }

  private void end() {
    finished = true;
    if (timeout != null) {
      timeout.remove();
    }
    channel.getReadSetter().set(null);
    channel.suspendReads();
  }

  static ApiError tooLarge(long length, long keep) {
    return new ApiError(
        413,
        "BodyTooLarge",
        "request body"
            + (length >= 0 ? " of " + length + " bytes" : "")
            + " exceeds the limit of "
            + keep
            + " bytes (PLANTOPS_MAX_BODY_BYTES): send smaller batches");
  }
}
