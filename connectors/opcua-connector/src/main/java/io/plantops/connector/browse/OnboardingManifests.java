package io.plantops.connector.browse;

import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.opcua.SessionSecurity;
import io.plantops.contract.rules.SuggestMarks;
import io.plantops.contract.template.TemplateView;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Everything a plant team applies to onboard a plant for one template, from a {@link Suggestion}:
 * the Plant skeleton, the TagMapping draft and a SiteDeployment in Shadow, as one multi-document
 * YAML for {@code kubectl apply -f}. Written with SnakeYAML's node API, which also writes the
 * reviewer's comments (confidence, reasons, what to complete).
 *
 * <p>Setpoints are mapped ReadWrite only when the session could write: the operator refuses
 * writable mappings over SecurityPolicy None, MessageSecurityMode None or an anonymous user ({@link
 * SessionSecurity}, the rule the operator and the connector apply). Otherwise they are mapped Read,
 * with a comment saying why.
 */
public final class OnboardingManifests {

  /** The Secret with the connector's client certificate (kubernetes.io/tls). */
  public static final String CLIENT_CERTIFICATE_SECRET = "opcua-client-cert";

  /** The Secret with the trusted server certificates. */
  public static final String TRUSTED_SERVERS_SECRET = "opcua-trusted-servers";

  /** The Secret with the user name and password. */
  public static final String USER_SECRET = "opcua-user";

  private static final String API_VERSION = "plantops.io/v1alpha1";

  private OnboardingManifests() {}

  /**
   * Names of the three resources.
   *
   * @param plant the Plant's name
   * @param namespace the plant's namespace, or null to leave it to {@code kubectl -n}
   * @param tagMapping the TagMapping's name
   * @param siteDeployment the SiteDeployment's name
   */
  public record Names(String plant, String namespace, String tagMapping, String siteDeployment) {}

  /**
   * Why setpoints cannot be mapped ReadWrite over {@code opcua}, or null when they can: the refusal
   * rule of {@link SessionSecurity}, applied to the setpoints.
   */
  public static String readOnlyReason(OpcUaSettings opcua) {
    if (opcua.allowInsecure()
        || !SessionSecurity.channelInsecure(opcua) && !SessionSecurity.anonymous(opcua)) {
      return null;
    }
    List<String> what = new ArrayList<>();
    if (SessionSecurity.channelInsecure(opcua)) {
      what.add(
          "securityPolicy "
              + opcua.securityPolicy()
              + " / securityMode "
              + opcua.securityMode()
              + " does not sign the channel");
    }
    if (SessionSecurity.anonymous(opcua)) {
      what.add("the session is anonymous");
    }
    return "mapped Read, not ReadWrite: "
        + String.join(" and ", what)
        + ", and the operator refuses writable mappings over such a session; map it ReadWrite"
        + " once the Plant has a secure policy, Sign or SignAndEncrypt and a userSecretRef";
  }

  /** The three documents as one YAML stream. */
  public static String render(
      Suggestion s, TemplateView template, Names names, OpcUaSettings opcua, String source) {
    Yaml yaml = yaml(true);
    StringWriter out = new StringWriter();
    yaml.serialize(plant(yaml, names, opcua, source), out);
    yaml.serialize(tagMapping(yaml, s, names, readOnlyReason(opcua), source), out);
    yaml.serialize(siteDeployment(yaml, template, names), out);
    return out.toString();
  }

  /**
   * The TagMapping draft alone, setpoints mapped ReadWrite unless {@code readOnlyReason} says why
   * not ({@link #readOnlyReason(OpcUaSettings)}, or null).
   */
  static String tagMappingDraft(Suggestion s, Names names, String readOnlyReason, String source) {
    Yaml yaml = yaml(false);
    StringWriter out = new StringWriter();
    yaml.serialize(tagMapping(yaml, s, names, readOnlyReason, source), out);
    return out.toString();
  }

  private static Yaml yaml(boolean explicitStart) {
    DumperOptions options = new DumperOptions();
    options.setProcessComments(true);
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setExplicitStart(explicitStart);
    options.setWidth(100);
    return new Yaml(options);
  }

  private static Node plant(Yaml yaml, Names names, OpcUaSettings opcua, String source) {
    boolean secure = !"None".equalsIgnoreCase(opcua.securityPolicy());
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("endpointUrl", opcua.endpointUrl());
    endpoint.put("securityPolicy", opcua.securityPolicy());
    endpoint.put("securityMode", opcua.securityMode());
    if (secure) {
      endpoint.put("clientCertificateSecretRef", Map.of("name", CLIENT_CERTIFICATE_SECRET));
      endpoint.put("trustedServerCertificatesSecretRef", Map.of("name", TRUSTED_SERVERS_SECRET));
    }
    if (!SessionSecurity.anonymous(opcua)) {
      endpoint.put("userSecretRef", Map.of("name", USER_SECRET));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("displayName", names.plant());
    spec.put("opcua", endpoint);
    MappingNode doc = (MappingNode) yaml.represent(document("Plant", names, names.plant(), spec));
    comment(
        key(doc, "apiVersion"),
        "Plant skeleton proposed by the plantops connector (suggest --emit all) for " + source,
        "Complete displayName, region and timezone; the Secrets it names are in docs/onboarding.md.");
    return doc;
  }

  private static Node tagMapping(
      Yaml yaml, Suggestion s, Names names, String readOnlyReason, String source) {
    List<Object> entries = new ArrayList<>();
    List<SuggestMarks.Entry> marks = new ArrayList<>();
    for (Suggestion.Mapping m : s.mappings()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("signal", m.signal());
      e.put("nodeId", m.nodeId());
      e.put("unit", m.unit());
      e.put("samplingIntervalMs", m.samplingIntervalMs());
      if (m.readWrite()) {
        e.put("access", readOnlyReason == null ? "ReadWrite" : "Read");
      }
      e.put(
          "description",
          m.description().length() > 256 ? m.description().substring(0, 256) : m.description());
      entries.add(e);
      marks.add(
          new SuggestMarks.Entry(
              m.signal(),
              m.nodeId(),
              m.unit(),
              null,
              null,
              m.samplingIntervalMs(),
              (String) e.get("access"),
              null,
              null));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("plantRef", names.plant());
    spec.put("description", "Draft for " + s.template() + " (browse and suggest)");
    spec.put("mappings", entries);
    Map<String, Object> document = document("TagMapping", names, names.tagMapping(), spec);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
    metadata.put("annotations", Map.of(SuggestMarks.ANNOTATION, SuggestMarks.write(marks)));
    MappingNode doc = (MappingNode) yaml.represent(document);
    comment(
        key(doc, "apiVersion"),
        "Draft TagMapping for template " + s.template() + " from " + source + ".",
        "Review every entry: confidence and reasons are above each one.");
    comment(
        key((MappingNode) value(doc, "metadata"), "annotations"),
        "What suggest wrote, one digest per signal: keep it, so that the operator can count"
            + " the entries",
        "taken unchanged, edited or added by hand (Plant status.scorecard.mapping).");
    MappingNode specNode = (MappingNode) value(doc, "spec");
    SequenceNode items = (SequenceNode) value(specNode, "mappings");
    if (!s.unmatched().isEmpty()) {
      List<String> lines = new ArrayList<>();
      lines.add("Unmatched: map these by hand before the use case can run here.");
      for (Suggestion.Unmatched u : s.unmatched()) {
        lines.add(
            "  "
                + u.signal()
                + " ("
                + u.role().name().toLowerCase(Locale.ROOT)
                + "): "
                + u.why().replace('\n', ' '));
      }
      comment(key(specNode, "mappings"), lines.toArray(String[]::new));
    }
    for (int i = 0; i < s.mappings().size(); i++) {
      Suggestion.Mapping m = s.mappings().get(i);
      MappingNode item = (MappingNode) items.getValue().get(i);
      List<String> lines = new ArrayList<>();
      lines.add(
          m.signal()
              + " ("
              + m.role().name().toLowerCase(Locale.ROOT)
              + "): confidence "
              + m.confidence());
      m.reasons().forEach(r -> lines.add("  " + r.replace('\n', ' ')));
      if (m.alternative() != null) {
        lines.add("  runner-up: " + m.alternative());
      }
      if (m.caution() != null) {
        lines.add("CHECK: " + m.caution().replace('\n', ' '));
      }
      comment(key(item, "signal"), lines.toArray(String[]::new));
      if (m.unitProblem() != null) {
        // written "" rather than '' so that it stands out as the value to fill in
        int at = item.getValue().indexOf(tuple(item, "unit"));
        item.getValue()
            .set(
                at,
                new NodeTuple(
                    key(item, "unit"),
                    new ScalarNode(
                        Tag.STR, m.unit(), null, null, DumperOptions.ScalarStyle.DOUBLE_QUOTED)));
        comment(
            key(item, "unit"),
            "TO COMPLETE: "
                + m.unitProblem().replace('\n', ' ')
                + "; write the site unit (docs/units.md)");
      }
      if (m.readWrite() && readOnlyReason != null) {
        comment(key(item, "access"), readOnlyReason);
      }
    }
    return doc;
  }

  private static Node siteDeployment(Yaml yaml, TemplateView template, Names names) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("plantRef", names.plant());
    spec.put("templateRef", Map.of("name", template.name()));
    spec.put("versionPolicy", "FollowLatest");
    spec.put("tagMappingRef", names.tagMapping());
    spec.put("stage", "Shadow");
    MappingNode doc =
        (MappingNode)
            yaml.represent(document("SiteDeployment", names, names.siteDeployment(), spec));
    comment(
        key(doc, "apiVersion"),
        "SiteDeployment of " + template.name() + " in Shadow: models are scored, nothing is",
        "recommended or written. Its status names the inputs still lacking (InputsCovered).");
    return doc;
  }

  private static Map<String, Object> document(
      String kind, Names names, String name, Map<String, Object> spec) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (names.namespace() != null && !names.namespace().isBlank()) {
      metadata.put("namespace", names.namespace());
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", API_VERSION);
    doc.put("kind", kind);
    doc.put("metadata", metadata);
    doc.put("spec", spec);
    return doc;
  }

  private static NodeTuple tuple(MappingNode node, String key) {
    return node.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no key " + key));
  }

  private static Node key(MappingNode node, String key) {
    return tuple(node, key).getKeyNode();
  }

  private static Node value(MappingNode node, String key) {
    return tuple(node, key).getValueNode();
  }

  private static void comment(Node node, String... lines) {
    List<CommentLine> comments =
        new ArrayList<>(node.getBlockComments() == null ? List.of() : node.getBlockComments());
    for (String line : lines) {
      comments.add(new CommentLine(null, null, " " + line, CommentType.BLOCK));
    }
    node.setBlockComments(comments);
  }
}
