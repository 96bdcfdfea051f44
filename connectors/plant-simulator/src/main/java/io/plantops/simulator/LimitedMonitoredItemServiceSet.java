package io.plantops.simulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.servicesets.MonitoredItemServiceSet;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.DefaultMonitoredItemServiceSet;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateMonitoredItemsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateMonitoredItemsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteMonitoredItemsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteMonitoredItemsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ModifyMonitoredItemsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ModifyMonitoredItemsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.SetMonitoringModeRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.SetMonitoringModeResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.SetTriggeringRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.SetTriggeringResponse;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;

/**
 * Enforces the limits the simulator advertises, which Milo's server only publishes: a
 * CreateMonitoredItems call with more items than MaxMonitoredItemsPerCall fails with
 * Bad_TooManyOperations (OPC UA Part 4 §7.39; Part 5 §6.3.11), and a subscription never holds more
 * than MaxMonitoredItemsPerSubscription items (Bad_TooManyMonitoredItems, Part 4 §5.12.2.4). It
 * also records the size of every call, so a test can see how a client split its work.
 */
final class LimitedMonitoredItemServiceSet implements MonitoredItemServiceSet {

  private final OpcUaServer server;
  private final MonitoredItemServiceSet delegate;
  private final int maxPerCall;
  private final int maxPerSubscription;
  private final List<Integer> createCallSizes;

  LimitedMonitoredItemServiceSet(
      OpcUaServer server, int maxPerCall, int maxPerSubscription, List<Integer> createCallSizes) {
    this.server = server;
    this.delegate = new DefaultMonitoredItemServiceSet(server);
    this.maxPerCall = maxPerCall;
    this.maxPerSubscription = maxPerSubscription;
    this.createCallSizes = createCallSizes;
  }

  static List<Integer> newCallLog() {
    return new CopyOnWriteArrayList<>();
  }

  @Override
  public CreateMonitoredItemsResponse onCreateMonitoredItems(
      ServiceRequestContext context, CreateMonitoredItemsRequest request) throws UaException {
    int size = request.getItemsToCreate() == null ? 0 : request.getItemsToCreate().length;
    createCallSizes.add(size);
    if (size > maxPerCall) {
      throw new UaException(
          StatusCodes.Bad_TooManyOperations,
          size
              + " items in one CreateMonitoredItems call; MaxMonitoredItemsPerCall is "
              + maxPerCall);
    }
    Subscription subscription = server.getSubscriptions().get(request.getSubscriptionId());
    if (subscription != null
        && subscription.getMonitoredItems().size() + size > maxPerSubscription) {
      throw new UaException(
          StatusCodes.Bad_TooManyMonitoredItems,
          "subscription "
              + request.getSubscriptionId()
              + " would hold more than MaxMonitoredItemsPerSubscription="
              + maxPerSubscription);
    }
    return delegate.onCreateMonitoredItems(context, request);
  }

  @Override
  public ModifyMonitoredItemsResponse onModifyMonitoredItems(
      ServiceRequestContext context, ModifyMonitoredItemsRequest request) throws UaException {
    int size = request.getItemsToModify() == null ? 0 : request.getItemsToModify().length;
    if (size > maxPerCall) {
      throw new UaException(StatusCodes.Bad_TooManyOperations);
    }
    return delegate.onModifyMonitoredItems(context, request);
  }

  @Override
  public DeleteMonitoredItemsResponse onDeleteMonitoredItems(
      ServiceRequestContext context, DeleteMonitoredItemsRequest request) throws UaException {
    int size = request.getMonitoredItemIds() == null ? 0 : request.getMonitoredItemIds().length;
    if (size > maxPerCall) {
      throw new UaException(StatusCodes.Bad_TooManyOperations);
    }
    return delegate.onDeleteMonitoredItems(context, request);
  }

  @Override
  public SetMonitoringModeResponse onSetMonitoringMode(
      ServiceRequestContext context, SetMonitoringModeRequest request) throws UaException {
    return delegate.onSetMonitoringMode(context, request);
  }

  @Override
  public SetTriggeringResponse onSetTriggering(
      ServiceRequestContext context, SetTriggeringRequest request) throws UaException {
    return delegate.onSetTriggering(context, request);
  }
}
