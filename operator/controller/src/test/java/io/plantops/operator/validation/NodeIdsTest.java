package io.plantops.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NodeId string syntax, OPC UA Part 6 §5.3.1.10. */
class NodeIdsTest {

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
    assertThat(NodeIds.parse(nodeId).valid()).as(nodeId).isTrue();
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
        "K1.FEED.PV|the identifier must start with i=, s=, g= or b="
      })
  void refusesMalformedNodeIdsSayingWhatIsWrong(String nodeId, String problem) {
    NodeIds.Result result = NodeIds.parse(nodeId);
    assertThat(result.valid()).isFalse();
    assertThat(result.problem()).get().asString().contains(problem);
  }
}
