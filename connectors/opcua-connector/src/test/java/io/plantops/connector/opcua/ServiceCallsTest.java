package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ServiceCallsTest {

  @Test
  void cutsOperationsIntoCallsOfAtMostTheServersLimitInOrder() {
    List<Integer> ops = IntStream.range(0, 12).boxed().toList();
    List<List<Integer>> calls = ServiceCalls.calls(ops, 5);
    assertThat(calls).extracting(List::size).containsExactly(5, 5, 2);
    assertThat(calls.stream().flatMap(List::stream).toList()).isEqualTo(ops);
    assertThat(ServiceCalls.calls(List.of(), 5)).isEmpty();
  }
}
