package io.plantops.contract.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NodeId string syntax, OPC UA Part 6 §5.3.1.10. */
class NodeIdSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ns=2;s=LYN.K1.FEED_RATE.PV",
        "ns=3;i=2001",
        "i=85",
        "nsu=urn:vendor:dcs;i=1042",
        "ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a",
        "ns=1;b=M/RbKBsRVkePCePcx24oRA==",
        "ns=65535;s=a;b" // a string identifier may contain ';'
      })
  void acceptsTheFourIdentifierTypesWithOrWithoutANamespace(String nodeId) {
    assertThat(NodeIdSyntax.parse(nodeId).valid()).as(nodeId).isTrue();
    assertThat(nodeId).as("the schema's pattern").matches(NodeIdSyntax.PATTERN);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ns=2;x=1", "ns=2;s=", "ns=1;g=not-a-guid", "ns=1;b=***", "ns=2", "K1.PV"})
  void theSchemaPatternRefusesWhatIsNotANodeIdAtAll(String nodeId) {
    assertThat(nodeId).doesNotMatch(NodeIdSyntax.PATTERN);
  }

  @Property
  void everyNodeIdTheParserAcceptsPassesTheSchemaPattern(@ForAll("nodeIdLike") String nodeId) {
    if (NodeIdSyntax.parse(nodeId).valid()) {
      assertThat(nodeId).matches(NodeIdSyntax.PATTERN);
    }
  }

  @Provide
  Arbitrary<String> nodeIdLike() {
    Arbitrary<String> prefix =
        Arbitraries.of("", "ns=0;", "ns=2;", "ns=65535;", "nsu=urn:x;", "nsu=http://a/b;");
    Arbitrary<String> id =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 4_294_967_295L).map(n -> "i=" + n),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(12).map(t -> "s=" + t),
            Arbitraries.strings().withCharRange('0', 'f').ofLength(36).map(t -> "g=" + t),
            Arbitraries.strings()
                .alpha()
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(8)
                .map(t -> "b=" + t));
    return Combinators.combine(prefix, id).as(String::concat);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ns=2;x=1|unknown identifier type 'x='",
        "ns=70000;i=1|namespace index '70000' is not a number from 0 to 65535",
        "ns=2;i=4294967296|i= needs an unsigned 32-bit number",
        "ns=2;i=-1|i= needs an unsigned 32-bit number",
        "ns=2;s=|s= needs a non-empty string identifier",
        "ns=1;g=not-a-guid|g= needs a GUID",
        "ns=1;b=***|b= needs a base64 ByteString",
        "ns=2|must be followed by ';'",
        "K1.FEED.PV|the identifier must start with i=, s=, g= or b=",
        "'ns=2;s=FEED\tPV'|contains a control character"
      })
  void refusesMalformedNodeIdsSayingWhatIsWrong(String nodeId, String problem) {
    NodeIdSyntax.Result result = NodeIdSyntax.parse(nodeId);
    assertThat(result.valid()).isFalse();
    assertThat(result.problem()).get().asString().contains(problem);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ns=2;s=LYN.K1.FEED_RATE.PV|urn:plantops:lyon|nsu=urn:plantops:lyon;s=LYN.K1.FEED_RATE.PV",
        "ns=3;i=2001|urn:a|nsu=urn:a;i=2001",
        "nsu=urn:old;s=a;b|http://x/y|nsu=http://x/y;s=a;b",
        "ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a|urn:g|nsu=urn:g;g=09087e75-8e5e-499b-954f-f2a9603db28a"
      })
  void namesANodeByNamespaceUriInsteadOfIndex(String text, String uri, String expected) {
    assertThat(NodeIdSyntax.byNamespaceUri(text, uri)).contains(expected);
    assertThat(NodeIdSyntax.parse(expected).nodeId().orElseThrow().byIndex()).isFalse();
    assertThat(NodeIdSyntax.parse(text.startsWith("ns=") ? text : "ns=2;i=1").nodeId())
        .get()
        .matches(NodeIdSyntax.NodeId::byIndex);
  }

  @ParameterizedTest
  @ValueSource(strings = {"urn:a;b", ""})
  void refusesANamespaceUriAnNsuPrefixCannotHold(String uri) {
    assertThat(NodeIdSyntax.byNamespaceUri("ns=2;i=1", uri)).isEmpty();
  }

  @Property
  void theTextOfAParsedNodeIdParsesBackToTheSameNodeId(@ForAll("nodeIdLike") String nodeId) {
    NodeIdSyntax.Result parsed = NodeIdSyntax.parse(nodeId);
    if (parsed.valid()) {
      NodeIdSyntax.NodeId id = parsed.nodeId().orElseThrow();
      NodeIdSyntax.NodeId again = NodeIdSyntax.parse(id.text()).nodeId().orElseThrow();
      assertThat(again.type()).isEqualTo(id.type());
      assertThat(again.identifier()).isEqualTo(id.identifier());
      assertThat(again.namespaceUri()).isEqualTo(id.namespaceUri());
      assertThat(again.namespaceIndex().orElse(0)).isEqualTo(id.namespaceIndex().orElse(0));
    }
  }
}
