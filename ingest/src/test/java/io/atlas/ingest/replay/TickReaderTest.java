package io.atlas.ingest.replay;

import io.atlas.events.MarketTick;
import io.atlas.events.Side;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickReaderTest {

    @TempDir
    Path dir;

    private MarketTick readOne(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        try (TickReader reader = TickReader.open(file, TickReader.Format.AUTO)) {
            return reader.next();
        }
    }

    @Test
    void shouldReadCsvColumnsInAnyOrderWithAnIsoTime() throws IOException {
        MarketTick tick = readOne("t.csv", "ask,bid,symbol,venue,exchange_time,last,bid_size,ask_size,last_size,"
                + "aggressor\n101.5,101.25,\"AB,C\",XNAS,2026-01-05T14:30:00.000125Z,101.5,300,200,100,buy\n");
        assertThat(tick.getSymbol().toString()).isEqualTo("AB,C");
        assertThat(tick.getBid()).isEqualTo(101.25);
        assertThat(tick.getAsk()).isEqualTo(101.5);
        assertThat(tick.getExchangeTimeMicros()).isEqualTo(1_767_623_400_000_125L);
        assertThat(tick.getAggressor()).isEqualTo(Side.BUY);
    }

    @Test
    void shouldReadGzipByItsMagicBytesWhateverTheName() throws IOException {
        Path file = dir.resolve("ticks.jsonl");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(("{\"symbol\":\"X\",\"venue\":\"XNAS\",\"exchangeTimeMicros\":5,\"bid\":1,\"ask\":2,\"last\":1.5,"
                    + "\"bidSize\":1,\"askSize\":2,\"lastSize\":3}\n").getBytes(StandardCharsets.UTF_8));
        }
        try (TickReader reader = TickReader.open(file, TickReader.Format.AUTO)) {
            MarketTick tick = reader.next();
            assertThat(tick.getSymbol().toString()).isEqualTo("X");
            assertThat(tick.getAggressor()).isEqualTo(Side.UNKNOWN);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void shouldNameTheLineOfAMalformedCsvValue() {
        assertThatThrownBy(() -> readOne("bad.csv", "symbol,venue,exchange_time_micros,bid,ask,last,bid_size,"
                + "ask_size,last_size\n\nS1,XNAS,5,abc,2,1,1,1,1\n"))
                .isInstanceOf(MalformedTickException.class).hasMessage("line 3: bid is not a finite number: 'abc'");
    }

    @Test
    void shouldRefuseAHeaderWithoutTheRequiredColumns() {
        assertThatThrownBy(() -> readOne("h.csv", "symbol,venue,bid\nS1,XNAS,1\n"))
                .isInstanceOf(MalformedTickException.class).hasMessageContaining("line 1").hasMessageContaining("ask");
    }

    @Test
    void shouldNameTheLineAndPathOfABadJsonField() {
        assertThatThrownBy(() -> readOne("bad.jsonl", "{\"symbol\":\"X\",\"venue\":\"V\",\"exchangeTimeMicros\":\"soon\","
                + "\"bid\":1,\"ask\":2,\"last\":1,\"bidSize\":1,\"askSize\":1,\"lastSize\":1}"))
                .isInstanceOf(MalformedTickException.class).hasMessageContaining("line 1")
                .hasMessageContaining("exchangeTimeMicros");
    }

    @Test
    void shouldRefuseANameWithoutAKnownFormat() {
        assertThatThrownBy(() -> TickReader.formatOf(Path.of("ticks.txt"))).hasMessageContaining("--format");
    }

    @Test
    void shouldPinTheFirstTickToTheStartAndScaleByTheSpeed() {
        ReplayClock twice = new ReplayClock(2, 1_000);
        assertThat(twice.dueNanos(10_000_000)).isEqualTo(1_000);
        assertThat(twice.dueNanos(10_000_010)).isEqualTo(1_000 + 5_000);
        assertThat(twice.dueNanos(9_000_000)).as("out of order: due at once").isEqualTo(1_000);
        assertThat(new ReplayClock(0, 7).dueNanos(123)).isEqualTo(7);
    }
}
