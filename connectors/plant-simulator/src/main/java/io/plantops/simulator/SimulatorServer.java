package io.plantops.simulator;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/** One running Milo server instance; {@link PlantSimulator} makes a new one on every restart. */
final class SimulatorServer {

  private final OpcUaServer server;
  private final KilnNamespace kilnNamespace;
  private final List<AutoCloseable> namespaces = new ArrayList<>();

  SimulatorServer(
      Dialect dialect,
      ServerIdentity identity,
      String hostname,
      String bindAddress,
      int port,
      SecurityOptions security,
      ServerLimits limits,
      MemoryTrustListManager trustList,
      List<Integer> createCallLog,
      PublishSilence publishSilence,
      KilnNamespace.WriteListener writeListener,
      List<String> insertedNamespaces,
      int benchTags,
      int benchHeldTags,
      long benchPeriodMs,
      PlantHistory history,
      HistoryOptions historyOptions)
      throws Exception {
    var quarantine = new MemoryCertificateQuarantine();
    CertificateValidator validator =
        security.autoAcceptClientCertificates()
            ? new CertificateValidator.InsecureCertificateValidator()
            : new DefaultServerCertificateValidator(trustList, quarantine);
    var factory =
        new RsaSha256CertificateFactory() {
          @Override
          protected KeyPair createRsaSha256KeyPair() {
            return identity.keyPair();
          }

          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
            return new X509Certificate[] {identity.certificate()};
          }
        };
    var group =
        DefaultApplicationGroup.createAndInitialize(
            trustList, new MemoryCertificateStore(), factory, validator);
    var certificateManager = new DefaultCertificateManager(quarantine, group);

    List<IdentityValidator> identityValidators = new ArrayList<>();
    if (security.allowAnonymous()) {
      identityValidators.add(AnonymousIdentityValidator.INSTANCE);
    }
    if (!security.users().isEmpty()) {
      identityValidators.add(
          new UsernameIdentityValidator(
              challenge -> {
                String expected = security.users().get(challenge.getUsername());
                return expected != null
                    && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        challenge.getPassword().getBytes(StandardCharsets.UTF_8));
              }));
    }

    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri(identity.applicationUri())
            .setApplicationName(LocalizedText.english(dialect.productName()))
            .setProductUri("urn:plantops:plant-simulator")
            .setBuildInfo(
                new BuildInfo(
                    "urn:plantops:plant-simulator",
                    "plantops",
                    dialect.productName(),
                    OpcUaServer.SDK_VERSION,
                    "",
                    DateTime.now()))
            .setEndpoints(endpoints(dialect, identity, hostname, bindAddress, port, security))
            .setCertificateManager(certificateManager)
            .setIdentityValidator(new CompositeValidator(identityValidators))
            .setLimits(limits(limits, dialect.behaviour().minSamplingIntervalMs()))
            .build();

    server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));

    advertisePerSubscriptionLimit(limits);
    server.addServiceSet(dialect.endpointPath(), publishSilence.serviceSet(server));
    server.addServiceSet(
        dialect.endpointPath(),
        new LimitedMonitoredItemServiceSet(
            server,
            limits.maxMonitoredItemsPerCall(),
            limits.maxMonitoredItemsPerSubscription(),
            createCallLog));

    for (String uri : insertedNamespaces) {
      ModuleNamespace module = new ModuleNamespace(server, uri, dialect);
      module.startup();
      namespaces.add(module::shutdown);
    }
    List<String> uris = dialect.namespaceUris();
    for (int i = 0; i < uris.size() - 1; i++) {
      SystemNamespace system = new SystemNamespace(server, uris.get(i), dialect.productName());
      system.startup();
      namespaces.add(system::shutdown);
    }
    kilnNamespace =
        new KilnNamespace(
            server,
            uris.get(uris.size() - 1),
            dialect,
            dialect.tagNamespaceIndex() + insertedNamespaces.size(),
            writeListener,
            security.anonymousWrites(),
            history != null);
    kilnNamespace.startup();
    if (history != null) {
      server.addServiceSet(
          dialect.endpointPath(),
          new HistoryServiceSet(
              server,
              history,
              historyOptions,
              dialect,
              dialect.tagNamespaceIndex() + insertedNamespaces.size()));
      advertiseHistoryCapability();
    }
    namespaces.add(kilnNamespace::shutdown);
    if (benchTags > 0 || benchHeldTags > 0) {
      bench = new BenchNamespace(server, benchTags, benchHeldTags, benchPeriodMs);
      bench.startup();
      BenchNamespace b = bench;
      namespaces.add(
          () -> {
            b.stopGenerator();
            b.shutdown();
          });
    }
  }

  private BenchNamespace bench;

  /** Changes pushed by the benchmark load, 0 without it. */
  long benchChanges() {
    return bench == null ? 0 : bench.changes();
  }

  private static Set<EndpointConfig> endpoints(
      Dialect dialect,
      ServerIdentity identity,
      String hostname,
      String bindAddress,
      int port,
      SecurityOptions security) {
    List<UserTokenPolicy> tokens = new ArrayList<>();
    if (security.allowAnonymous()) {
      tokens.add(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
    }
    if (!security.users().isEmpty()) {
      tokens.add(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
    }
    EndpointConfig.Builder base =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress(bindAddress)
            .setBindPort(port)
            .setHostname(hostname)
            .setPath(dialect.endpointPath())
            .setCertificate(identity.certificate())
            .addTokenPolicies(tokens.toArray(UserTokenPolicy[]::new));
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    if (security.allowNone()) {
      endpoints.add(
          base.copy()
              .setSecurityPolicy(SecurityPolicy.None)
              .setSecurityMode(MessageSecurityMode.None)
              .build());
    }
    endpoints.add(secure(base, SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign));
    endpoints.add(secure(base, SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt));
    endpoints.add(
        secure(base, SecurityPolicy.Aes128_Sha256_RsaOaep, MessageSecurityMode.SignAndEncrypt));
    endpoints.add(
        secure(base, SecurityPolicy.Aes256_Sha256_RsaPss, MessageSecurityMode.SignAndEncrypt));
    // OPC UA Part 6 §7.1: a server whose endpoints all need security still answers GetEndpoints
    // on <base>/discovery without security
    String discovery =
        dialect.endpointPath().endsWith("/")
            ? dialect.endpointPath() + "discovery"
            : dialect.endpointPath() + "/discovery";
    endpoints.add(
        base.copy()
            .setPath(discovery)
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .build());
    return endpoints;
  }

  private static EndpointConfig secure(
      EndpointConfig.Builder base, SecurityPolicy policy, MessageSecurityMode mode) {
    return base.copy().setSecurityPolicy(policy).setSecurityMode(mode).build();
  }

  private static OpcUaServerConfigLimits limits(ServerLimits limits, int minSamplingIntervalMs) {
    return new OpcUaServerConfigLimits() {
      @Override
      public Double getMinSupportedSampleRate() {
        // a monitored item asking for faster sampling is revised up to this (Part 4 §5.12.1.2)
        return minSamplingIntervalMs > 0
            ? (double) minSamplingIntervalMs
            : OpcUaServerConfigLimits.super.getMinSupportedSampleRate();
      }

      @Override
      public UInteger getMaxMonitoredItemsPerCall() {
        return uint(limits.maxMonitoredItemsPerCall());
      }

      @Override
      public UInteger getMaxSubscriptionsPerSession() {
        return uint(limits.maxSubscriptionsPerSession());
      }

      @Override
      public UInteger getMaxNodesPerRead() {
        return uint(limits.maxNodesPerRead());
      }

      @Override
      public UInteger getMaxNodesPerBrowse() {
        return uint(limits.maxNodesPerBrowse());
      }

      @Override
      public UInteger getMaxNodesPerWrite() {
        return uint(limits.maxNodesPerWrite());
      }

      @Override
      public Double getMinPublishingInterval() {
        return 5.0;
      }
    };
  }

  /**
   * Milo deletes ServerCapabilities/MaxMonitoredItemsPerSubscription (it only limits items per
   * session); the simulator puts the property back so clients can read the limit it enforces (OPC
   * UA Part 5 §6.3.2, added in 1.05).
   */
  private void advertisePerSubscriptionLimit(ServerLimits limits) {
    var namespace = server.getOpcUaNamespace();
    UaNode capabilities = namespace.getNodeManager().get(NodeIds.Server_ServerCapabilities);
    if (capabilities == null) {
      throw new IllegalStateException("the server has no ServerCapabilities object");
    }
    UaVariableNode property =
        new UaVariableNode.UaVariableNodeBuilder(namespace.getNodeContext())
            .setNodeId(NodeIds.Server_ServerCapabilities_MaxMonitoredItemsPerSubscription)
            .setBrowseName(new QualifiedName(0, "MaxMonitoredItemsPerSubscription"))
            .setDisplayName(LocalizedText.english("MaxMonitoredItemsPerSubscription"))
            .setDataType(NodeIds.UInt32)
            .setTypeDefinition(NodeIds.PropertyType)
            .build();
    property.setValue(new DataValue(new Variant(uint(limits.maxMonitoredItemsPerSubscription()))));
    namespace.getNodeManager().addNode(property);
    capabilities.addReference(
        new Reference(
            capabilities.getNodeId(), NodeIds.HasProperty, property.getNodeId().expanded(), true));
  }

  /** HistoryServerCapabilities.AccessHistoryDataCapability (OPC UA Part 11 §5.4.2): true. */
  private void advertiseHistoryCapability() {
    UaNode node =
        server
            .getOpcUaNamespace()
            .getNodeManager()
            .get(NodeIds.HistoryServerCapabilities_AccessHistoryDataCapability);
    if (node instanceof UaVariableNode variable) {
      variable.setValue(new DataValue(new Variant(true)));
    }
  }

  void start() throws UaException {
    try {
      server.startup().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new UaException(e.getCause());
    } catch (TimeoutException e) {
      throw new UaException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UaException(e);
    }
  }

  void stop() {
    for (AutoCloseable namespace : namespaces) {
      try {
        namespace.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop a namespace", e);
      }
    }
    try {
      server.shutdown().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot stop the OPC UA server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  KilnNamespace kilnNamespace() {
    return kilnNamespace;
  }

  OpcUaServer server() {
    return server;
  }
}
