package io.plantops.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.plantops.operator.PlantopsOperator;
import io.plantops.operator.promotion.PromotionEngine;
import io.plantops.operator.promotion.StagedPromotionEngine;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring wiring of the operator: the Kubernetes client (kubeconfig or in-cluster service account,
 * as Fabric8 finds it), the clock, the promotion engine, and the {@link PlantopsOperator}. An
 * auto-configuration, so that an application (the sandbox) or a test that defines its own client,
 * clock or promotion engine replaces the default one.
 */
@AutoConfiguration
public class OperatorConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient() {
    return OperatorSerialization.client();
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  PromotionEngine promotionEngine() {
    return new StagedPromotionEngine();
  }

  @Bean(destroyMethod = "")
  PlantopsOperator plantopsOperator(
      KubernetesClient client,
      OperatorProperties properties,
      MeterRegistry registry,
      Clock clock,
      PromotionEngine engine) {
    return PlantopsOperator.create(client, properties, registry, clock, engine);
  }

  @Bean
  OperatorLifecycle operatorLifecycle(PlantopsOperator operator) {
    return new OperatorLifecycle(operator);
  }

  @Bean
  OperatorHealthIndicator operatorHealthIndicator(PlantopsOperator operator) {
    return new OperatorHealthIndicator(operator);
  }
}
