package io.atlas.perf.wsload;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataFramesTest {

    private record Seen(String symbol, int partition, long offset, boolean snapshot, long exchange, long scored) {
    }

    private static final String FRAME = "{\"op\":\"data\",\"symbol\":\"S0001\",\"partition\":7,\"offset\":41873,"
            + "\"modelVersion\":3,\"shadow\":false,\"snapshot\":false,\"prediction\":{\"symbol\":\"S0001\","
            + "\"venue\":\"XNAS\",\"tickSequence\":918273,\"exchangeTimeMicros\":1764292800123456,"
            + "\"ingestTimeMicros\":1764292800124001,\"mid\":101.255,\"modelVersion\":3,\"shadow\":false,"
            + "\"scoreStartMicros\":1764292800125010,\"scoreEndMicros\":1764292800125102}}";

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Seen> read(String frame) {
        List<Seen> seen = new ArrayList<>();
        // Bytes past the frame's length must not be read: pad the array with a frame that would count.
        byte[] padded = utf8(frame + FRAME);
        int n = DataFrames.read(padded, utf8(frame).length, (text, start, end, partition, offset, snapshot, exchange,
                scored) -> seen.add(new Seen(new String(text, start, end - start), partition, offset, snapshot,
                exchange, scored)));
        assertThat(n).isEqualTo(seen.size());
        return seen;
    }

    private static boolean carriesData(String frame) {
        return DataFrames.carriesData(utf8(frame), utf8(frame).length);
    }

    @Test
    void shouldReadTheFieldsOfADataFrame() {
        assertThat(carriesData(FRAME)).isTrue();
        assertThat(read(FRAME)).containsExactly(
                new Seen("S0001", 7, 41873, false, 1764292800123456L, 1764292800125102L));
    }

    @Test
    void shouldReadEveryUpdateOfABatchFrameInOrder() {
        String second = FRAME.replace("S0001", "S0002").replace("41873", "41874").replace("\"snapshot\":false",
                "\"snapshot\":true");
        String batch = "{\"op\":\"batch\",\"frames\":[" + FRAME + "," + second + "]}";

        assertThat(carriesData(batch)).isTrue();
        assertThat(read(batch)).extracting(Seen::symbol, Seen::offset, Seen::snapshot)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("S0001", 41873L, false),
                        org.assertj.core.groups.Tuple.tuple("S0002", 41874L, true));
    }

    @Test
    void shouldReadANullOffsetAsMinusOne() {
        assertThat(read(FRAME.replace("\"offset\":41873", "\"offset\":null"))).singleElement()
                .extracting(Seen::offset).isEqualTo(-1L);
    }

    @Test
    void shouldSeeNoDataInControlFrames() {
        String ack = "{\"op\":\"ack\",\"id\":\"load\",\"snapshot\":0}";

        assertThat(carriesData(ack)).isFalse();
        assertThat(DataFrames.isAck(utf8(ack), utf8(ack).length)).isTrue();
        assertThat(read(ack)).isEmpty();
        assertThat(carriesData("{\"op\":\"heartbeat\",\"time\":1}")).isFalse();
    }
}
