package io.plantops.connector.opcua;

import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.rules.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's OPC UA session to the plant: connects with the configured security, retrying with
 * {@link Backoff} until the server answers, and keeps the session state. What a session needs on
 * the server (subscriptions, the DataTypes of writable nodes) is put in place by its {@link Part}s,
 * in order, before the session counts as {@link SessionState#Connected}.
 *
 * <p>Everything that talks to the server in bulk runs on the session's one thread, so a reconnect
 * never overlaps the re-establishment of the parts. After a connection loss Milo reconnects and
 * reactivates the session by itself; the parts are told, and the server usually keeps their state
 * (OPC UA Part 4 §5.13.7); when it did not, a part asks for {@link #reestablish()}.
 */
public final class PlantSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlantSession.class);
  private static final Duration REESTABLISH_RETRY = Duration.ofSeconds(2);

  /** Something a session needs on the server, put in place on the session's thread. */
  public interface Part {
    /**
     * A new session is up: put in place what it needs. The session is Connected only once every
     * part succeeded; a failure drops the session and connects again after the backoff.
     */
    void establish(OpcUaClient client) throws UaException;

    /**
     * The server lost what {@link #establish} put in place on the same session (a failed transfer,
     * a restarted server): put it in place again. The default establishes anew.
     */
    default void reestablish(OpcUaClient client) throws UaException {
      establish(client);
    }

    /** The session went inactive; Milo reconnects and reactivates it by itself. */
    default void sessionLost() {}

    /**
     * True when the part holds something on the server that Milo transfers to a new session
     * (subscriptions), whose failed transfer asks for {@link PlantSession#reestablish()}.
     */
    default boolean transfersToNewSession() {
      return false;
    }
  }

  private final ResolvedPlantConfig config;
  private final HostAliases aliases;
  private final Function<String, Path> resolve;
  private final OpcUaTuning tuning;
  private final Backoff backoff;
  private final ScheduledExecutorService thread;
  private volatile List<Part> parts = List.of();
  private volatile SessionState state = SessionState.Connecting;
  private volatile String message = "connecting";
  private volatile OpcUaClient client;
  private volatile boolean reestablishPending;

  /**
   * True once every part is in place on the current client. Milo reports the first activation of a
   * session from its own thread, possibly while the parts are still being established; only a later
   * activation (a reconnect of an established session) may mark the session Connected.
   */
  private volatile boolean established;

  private volatile boolean closed;

  /** The id of the session last activated, to tell a new session from a reactivated one. */
  private volatile NodeId sessionId;

  /**
   * A session to the plant of {@code config}, not started.
   *
   * @param resolve container path to local path, for the mounted Secrets
   * @param backoff the delays between connection attempts (used on the session's thread only)
   */
  public PlantSession(
      ResolvedPlantConfig config,
      HostAliases aliases,
      Function<String, Path> resolve,
      OpcUaTuning tuning,
      Backoff backoff) {
    this.config = config;
    this.aliases = aliases;
    this.resolve = resolve;
    this.tuning = tuning;
    this.backoff = backoff;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-opcua-" + config.plant().name());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts connecting in the background, unless the config must not connect at all ({@link
   * ClientSecurity#refusal}); every new session is established by {@code parts}, in order.
   */
  public void start(List<Part> parts) {
    this.parts = List.copyOf(parts);
    Optional<String> refusal = ClientSecurity.refusal(config);
    if (refusal.isPresent()) {
      state = SessionState.Refused;
      message = refusal.get();
      LOG.error(refusal.get());
      return;
    }
    thread.execute(this::connect);
  }

  private void connect() {
    if (closed) {
      return;
    }
    ClientSecurity security;
    try {
      security = ClientSecurity.load(config.opcua(), resolve);
    } catch (SecurityConfigException e) {
      // the Secret may simply not be mounted yet: say so, and look again later
      state = SessionState.Refused;
      message = e.getMessage();
      Duration delay = backoff.next();
      LOG.error(
          "OPC UA security for plant {}: {}; looking again in {} s",
          config.plant().name(),
          e.getMessage(),
          seconds(delay));
      retryAfter(delay);
      return;
    }
    String url = aliases.rewrite(config.opcua().endpointUrl());
    try {
      OpcUaClient c =
          ClientFactory.create(
              url, security, "plantops-connector-" + config.plant().name(), tuning);
      c.addSessionActivityListener(
          new SessionActivityListener() {
            @Override
            public void onSessionActive(UaSession session) {
              onActive(session.getSessionId());
            }

            @Override
            public void onSessionInactive(UaSession session) {
              onInactive();
            }
          });
      established = false;
      // a new client: the session it opens is its first, whatever an earlier client had
      sessionId = null;
      c.connect();
      client = c;
      for (Part part : parts) {
        part.establish(c);
      }
      established = true;
      state = SessionState.Connected;
      message = null;
      backoff.reset();
      LOG.info("connected to {} ({} / {})", url, security.policy().name(), security.mode());
    } catch (UaException | RuntimeException e) {
      state = state == SessionState.Connected ? SessionState.Disconnected : SessionState.Connecting;
      message = "cannot connect to " + url + ": " + describe(e);
      Duration delay = backoff.next();
      LOG.warn("plant {}: {}; retrying in {} s", config.plant().name(), message, seconds(delay));
      OpcUaClient c = client;
      client = null;
      if (c != null) {
        c.disconnectAsync();
      }
      retryAfter(delay);
    }
  }

  private void retryAfter(Duration delay) {
    if (!closed) {
      thread.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  private void onActive(NodeId id) {
    LOG.info("OPC UA session to plant {} active", config.plant().name());
    NodeId before = sessionId;
    sessionId = id;
    if (client != null && established) {
      state = SessionState.Connected;
      message = null;
      // a new session (the server restarted, or dropped the old one) with nothing to transfer,
      // such as a plant whose every signal was refused: no failed transfer will ask for the parts
      // again, yet the server may number its namespaces otherwise now (OPC UA Part 3 §8.2.2)
      if (before != null
          && !before.equals(id)
          && parts.stream().noneMatch(Part::transfersToNewSession)) {
        LOG.info("a new session with nothing to transfer: putting every part in place again");
        reestablish();
      }
    }
  }

  private void onInactive() {
    if (closed) {
      return;
    }
    state = SessionState.Disconnected;
    message = "session lost; reconnecting";
    for (Part part : parts) {
      part.sessionLost();
    }
    LOG.warn("OPC UA session to plant {} lost; Milo reconnects", config.plant().name());
  }

  /**
   * Puts every part in place again on the current session, on the session's thread, retrying every
   * 2 s until it succeeds. Requests made while one is pending are one request.
   */
  public void reestablish() {
    if (reestablishPending || closed) {
      return;
    }
    reestablishPending = true;
    thread.execute(
        () -> {
          reestablishPending = false;
          OpcUaClient c = client;
          if (c == null || closed) {
            return;
          }
          try {
            for (Part part : parts) {
              part.reestablish(c);
            }
          } catch (UaException | RuntimeException e) {
            LOG.warn(
                "putting the session's subscriptions and write types in place again failed: {};"
                    + " retrying in {} s",
                describe(e),
                seconds(REESTABLISH_RETRY));
            if (!closed) {
              thread.schedule(
                  this::reestablish, REESTABLISH_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
          }
        });
  }

  /** The session state. */
  public SessionState state() {
    return state;
  }

  /** Why the session is not connected, or empty. */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** The client while the session is connected. */
  public Optional<OpcUaClient> client() {
    return state == SessionState.Connected ? Optional.ofNullable(client) : Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    OpcUaClient c = client;
    client = null;
    if (c != null) {
      try {
        c.disconnectAsync().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn(
            "disconnect from plant {} did not complete cleanly: {}",
            config.plant().name(),
            e.toString());
      }
    }
  }
}
