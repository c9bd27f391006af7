package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WsClientsTest {

    @Test
    void shouldReadANumberOutOfADataFrame() {
        String frame = "{\"op\":\"data\",\"symbol\":\"S0001\",\"partition\":7,\"offset\":41873,\"modelVersion\":3,"
                + "\"shadow\":false,\"snapshot\":false,\"prediction\":{\"symbol\":\"S0001\",\"venue\":\"XNAS\","
                + "\"tickSequence\":918273,\"exchangeTimeMicros\":1764292800123456,\"ingestTimeMicros\":1}}";

        assertThat(WsClients.number(frame, "\"exchangeTimeMicros\":")).isEqualTo(1764292800123456L);
        assertThat(WsClients.number(frame, "\"modelVersion\":")).isEqualTo(3);
    }

    @Test
    void shouldReportMinusOneForAFrameWithoutTheNumber() {
        String key = "\"exchangeTimeMicros\":";
        assertThat(WsClients.number("{\"op\":\"ack\",\"id\":\"all\",\"snapshot\":0}", key)).isEqualTo(-1);
        assertThat(WsClients.number("{\"exchangeTimeMicros\":null}", key)).isEqualTo(-1);
    }
}
