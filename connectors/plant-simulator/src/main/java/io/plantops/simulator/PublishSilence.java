package io.plantops.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.servicesets.SubscriptionServiceSet;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.DefaultSubscriptionServiceSet;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateSubscriptionRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateSubscriptionResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteSubscriptionsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteSubscriptionsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ModifySubscriptionRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ModifySubscriptionResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.PublishRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.PublishResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.RepublishRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.RepublishResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.SetPublishingModeRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.SetPublishingModeResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.TransferSubscriptionsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.TransferSubscriptionsResponse;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;

/**
 * Fault injection: the server stops answering Publish requests while the TCP connection, the secure
 * channel and the session stay up (reads and writes still work). This is what a hung subscription
 * engine in a real server looks like to a client: no data and no keep-alives, although everything
 * else answers. Publish requests that arrive while silent are held unanswered, and so are the
 * responses the server completes while silent for requests queued before; when the silence ends
 * they are failed with Bad_Timeout (the client has given up on them by then) and new ones are
 * served again.
 */
final class PublishSilence {

  private final List<CompletableFuture<PublishResponse>> held = new ArrayList<>();
  private boolean silent;

  synchronized void set(boolean silent) {
    this.silent = silent;
    if (!silent) {
      held.forEach(f -> f.completeExceptionally(new UaException(StatusCodes.Bad_Timeout)));
      held.clear();
    }
  }

  synchronized boolean silent() {
    return silent;
  }

  /** A response that never comes while silent; {@code response} as it is otherwise. */
  private synchronized CompletableFuture<PublishResponse> pass(PublishResponse response) {
    if (!silent) {
      return CompletableFuture.completedFuture(response);
    }
    CompletableFuture<PublishResponse> f = new CompletableFuture<>();
    held.add(f);
    return f;
  }

  /** The server's subscription service set, behind this silence. */
  SubscriptionServiceSet serviceSet(OpcUaServer server) {
    return new Gated(new DefaultSubscriptionServiceSet(server));
  }

  private final class Gated implements SubscriptionServiceSet {
    private final SubscriptionServiceSet delegate;

    Gated(SubscriptionServiceSet delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<PublishResponse> onPublish(
        ServiceRequestContext context, PublishRequest request) {
      if (silent()) {
        return pass(null);
      }
      // a request queued before the silence is answered by the server during it: held too
      return delegate.onPublish(context, request).thenCompose(PublishSilence.this::pass);
    }

    @Override
    public CreateSubscriptionResponse onCreateSubscription(
        ServiceRequestContext context, CreateSubscriptionRequest request) throws UaException {
      return delegate.onCreateSubscription(context, request);
    }

    @Override
    public ModifySubscriptionResponse onModifySubscription(
        ServiceRequestContext context, ModifySubscriptionRequest request) throws UaException {
      return delegate.onModifySubscription(context, request);
    }

    @Override
    public DeleteSubscriptionsResponse onDeleteSubscriptions(
        ServiceRequestContext context, DeleteSubscriptionsRequest request) throws UaException {
      return delegate.onDeleteSubscriptions(context, request);
    }

    @Override
    public TransferSubscriptionsResponse onTransferSubscriptions(
        ServiceRequestContext context, TransferSubscriptionsRequest request) throws UaException {
      return delegate.onTransferSubscriptions(context, request);
    }

    @Override
    public SetPublishingModeResponse onSetPublishingMode(
        ServiceRequestContext context, SetPublishingModeRequest request) throws UaException {
      return delegate.onSetPublishingMode(context, request);
    }

    @Override
    public RepublishResponse onRepublish(ServiceRequestContext context, RepublishRequest request)
        throws UaException {
      return delegate.onRepublish(context, request);
    }
  }
}
