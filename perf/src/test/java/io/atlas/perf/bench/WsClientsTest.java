package io.atlas.perf.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WsClientsTest {

    @Test
    void shouldReadTheTickExchangeTimeOutOfADataFrame() {
        String frame = "{\"op\":\"data\",\"symbol\":\"S0001\",\"partition\":7,\"offset\":41873,\"modelVersion\":3,"
                + "\"shadow\":false,\"snapshot\":false,\"prediction\":{\"symbol\":\"S0001\",\"venue\":\"XNAS\","
                + "\"tickSequence\":918273,\"exchangeTimeMicros\":1764292800123456,\"ingestTimeMicros\":1}}";

        assertThat(WsClients.exchangeMicros(frame)).isEqualTo(1764292800123456L);
    }

    @Test
    void shouldReportMinusOneForAFrameWithoutAnExchangeTime() {
        assertThat(WsClients.exchangeMicros("{\"op\":\"ack\",\"id\":\"all\",\"snapshot\":0}")).isEqualTo(-1);
        assertThat(WsClients.exchangeMicros("{\"exchangeTimeMicros\":null}")).isEqualTo(-1);
    }
}
