package io.plantops.operator.config;

import io.plantops.operator.PlantopsOperator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Starts the operator once the application is ready (web server up, so health probes answer while
 * informers sync) and stops it when the context closes, before the Kubernetes client goes.
 */
public class OperatorLifecycle {

  private final PlantopsOperator operator;
  private final AtomicBoolean started = new AtomicBoolean(false);

  public OperatorLifecycle(PlantopsOperator operator) {
    this.operator = operator;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void start() {
    if (started.compareAndSet(false, true)) {
      operator.start();
    }
  }

  @EventListener(ContextClosedEvent.class)
  public void stop() {
    if (started.compareAndSet(true, false)) {
      operator.close();
    }
  }
}
