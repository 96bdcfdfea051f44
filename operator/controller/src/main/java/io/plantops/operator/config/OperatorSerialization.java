package io.plantops.operator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * The operator's JSON (de)serialization: Fabric8's, with every string value up to {@value
 * #MAX_INTERNED} characters interned as it is read.
 *
 * <p>The informer caches hold three copies of every SiteDeployment and Plant (one per controller
 * that watches them), and most of their strings repeat across copies and across the fleet:
 * condition types, reasons and messages, gate names, timestamps written in the same second, names
 * and namespaces. At 10,000 SiteDeployments, strings were 70 % of the operator's heap (class
 * histogram in docs/benchmarks/operator.md); interning keeps one copy of each. {@link
 * String#intern()} is the JVM's own table, whose entries are collected once unreferenced.
 */
public final class OperatorSerialization {

  /** Longer strings (rendered configs, long messages) are kept as read. */
  static final int MAX_INTERNED = 1024;

  private OperatorSerialization() {}

  /** A client configured as Fabric8 finds it (kubeconfig or service account), interning. */
  public static KubernetesClient client() {
    return builder().build();
  }

  /**
   * A client builder with the interning serialization, for other configurations, on Fabric8's JDK
   * HTTP client: JOSDK brings it and Fabric8 brings the Vert.x one, and with both on the class path
   * Fabric8 7.5 picks by class-path order, so the choice is made here.
   */
  public static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withKubernetesSerialization(create());
  }

  /** Fabric8's serialization over a mapper whose string values are interned. */
  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(
        new SimpleModule("plantops-interned-strings")
            .addDeserializer(String.class, new InterningStringDeserializer()));
    return new KubernetesSerialization(mapper, true);
  }

  /** Jackson's own string deserializer, with the result interned when short. */
  static final class InterningStringDeserializer extends StdScalarDeserializer<String> {

    private static final long serialVersionUID = 1L;

    InterningStringDeserializer() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      return value != null && value.length() <= MAX_INTERNED ? value.intern() : value;
    }
  }
}
