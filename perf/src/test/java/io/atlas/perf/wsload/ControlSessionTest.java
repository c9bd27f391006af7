package io.atlas.perf.wsload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The control mode's answers about a window, fed by a real {@link Deliveries} as the clients feed it. */
class ControlSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECEIVED_MICROS = 1_764_292_800_000_000L;

    private final Deliveries deliveries = new Deliveries();
    private final Histogram recorded = new Histogram(Deliveries.HIGHEST_MICROS, 3);
    private LoadClients pool;
    private ControlSession session;

    @BeforeEach
    void startSession() throws Exception {
        pool = new LoadClients(0);
        session = new ControlSession(new Window(deliveries, null, Map.of()), pool,
                new ProducedLedger(new SymbolSet("S", 10)));
    }

    @AfterEach
    void closePool() throws Exception {
        pool.close();
    }

    /** One live update per frame, {@code tickMicros} from its tick's exchange time to receipt. */
    private void receive(long... tickMicros) {
        for (long micros : tickMicros) {
            deliveries.frame(200, 1);
            deliveries.latency(RECEIVED_MICROS, RECEIVED_MICROS - 10, RECEIVED_MICROS - micros);
            recorded.recordValue(micros);
        }
    }

    private JsonNode answer(String command) throws Exception {
        return JSON.readTree(session.answer(command));
    }

    private static Histogram histogram(JsonNode answer) {
        return ControlProtocol.decode(answer.path(ControlProtocol.TICK_LATENCY_HISTOGRAM).asText());
    }

    @Test
    void shouldPeekAtTheTickLatenciesRecordedSinceTheWindowOpened() throws Exception {
        deliveries.latency(RECEIVED_MICROS, -1, RECEIVED_MICROS - 999_999);
        answer(ControlProtocol.OPEN);
        receive(1_200, 3_400, 3_400, 87_000, 2_500_000);

        JsonNode peek = answer(ControlProtocol.PEEK);

        assertThat(histogram(peek)).isEqualTo(recorded);
        assertThat(peek.path(ControlProtocol.UPDATES).asLong()).isEqualTo(5);
        assertThat(peek.path(ControlProtocol.FRAMES).asLong()).isEqualTo(5);
        assertThat(peek.path(ControlProtocol.HELD).asInt()).isZero();
        assertThat(peek.path(ControlProtocol.CLOSES).isEmpty()).isTrue();
    }

    @Test
    void shouldCloseTheWindowWithEveryLatencyAPeekHadAlreadyRead() throws Exception {
        answer(ControlProtocol.OPEN);
        receive(1_000, 2_000);
        answer(ControlProtocol.PEEK);
        receive(4_000, 8_000, 16_000);

        JsonNode close = answer(ControlProtocol.CLOSE);

        assertThat(histogram(close)).isEqualTo(recorded);
        assertThat(close.path("tickLatency").path("count").asLong()).isEqualTo(5);
        assertThat(close.path(ControlProtocol.UPDATES).asLong()).isEqualTo(5);
    }

    @Test
    void shouldPeekAgainWithoutLosingWhatTheFirstPeekRead() throws Exception {
        answer(ControlProtocol.OPEN);
        receive(5_000);
        answer(ControlProtocol.PEEK);
        receive(6_000);

        assertThat(histogram(answer(ControlProtocol.PEEK))).isEqualTo(recorded);
    }

    @Test
    void shouldStartTheNextWindowEmpty() throws Exception {
        answer(ControlProtocol.OPEN);
        receive(5_000);
        answer(ControlProtocol.PEEK);

        answer(ControlProtocol.OPEN);
        JsonNode peek = answer(ControlProtocol.PEEK);

        assertThat(histogram(peek).getTotalCount()).isZero();
        assertThat(peek.path(ControlProtocol.UPDATES).asLong()).isZero();
    }
}
