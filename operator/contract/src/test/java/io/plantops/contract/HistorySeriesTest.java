package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistorySeriesTest {

  @Test
  void travelsAsJsonWithItsStatusesByName() throws Exception {
    ObjectMapper mapper = PlantConfigCodec.mapper();
    HistorySeries series =
        new HistorySeries(
            "lyon",
            1000,
            4000,
            HistoryReadStatus.Read,
            null,
            List.of(
                new SignalHistory(
                    "kiln.fuel.rate",
                    new long[] {1000, 2000},
                    new double[] {11.2, 11.3},
                    1,
                    2,
                    0,
                    3,
                    1,
                    1000,
                    HistoryReadStatus.Read,
                    null)));
    String json = mapper.writeValueAsString(series);
    assertThat(mapper.readTree(json).path("status").asText()).isEqualTo("Read");
    assertThat(mapper.readTree(json).has("reason")).isFalse();
    HistorySeries back = mapper.readValue(json, HistorySeries.class);
    SignalHistory fuel = back.signals().get(0);
    assertThat(fuel.values()).containsExactly(11.2, 11.3);
    assertThat(fuel.timesMs()).containsExactly(1000L, 2000L);
    assertThat(fuel.good()).isEqualTo(2);
    assertThat(fuel.excluded()).isEqualTo(6);
    assertThat(back.status()).isEqualTo(HistoryReadStatus.Read);
  }

  @Test
  void refusesTimestampsWithoutValues() {
    assertThatThrownBy(
            () ->
                new SignalHistory("x", new long[] {1}, new double[0], 0, 0, 0, 0, 0, 0, null, null))
        .hasMessageContaining("1 timestamps for 0 values");
  }
}
