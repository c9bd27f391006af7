package io.atlas.ingest.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.Side;
import io.atlas.schemas.json.EdgeJson;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TickValidatorTest {

    private static final long NOW = 1_750_000_000_000_000L;
    private static final RawTickCorpus CORPUS = new RawTickCorpus("T", NOW);
    private static final Map<String, Instrument> INSTRUMENTS = CORPUS.instruments().stream()
            .collect(Collectors.toMap(i -> i.getSymbol().toString(), Function.identity()));

    private final TickValidator validator = new TickValidator(new EdgeJson(), INSTRUMENTS::get,
            RawTickCorpus.MAX_PAYLOAD_BYTES, RawTickCorpus.FUTURE_SKEW_MICROS, RawTickCorpus.PAST_SKEW_MICROS);

    static Stream<RawTickCorpus.Case> corpus() {
        return CORPUS.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldReachTheExpectedVerdict(RawTickCorpus.Case c) {
        Verdict verdict = validator.validate(c.key(), c.value(), NOW, NOW);
        if (c.expected() == null) {
            assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        } else {
            assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class,
                    r -> assertThat(r.reason()).as(r.message()).isEqualTo(c.expected()));
        }
    }

    @Test
    void shouldCoverAtLeastTwentyKindsOfBadInput() {
        List<RawTickCorpus.Case> bad = CORPUS.cases().stream().filter(c -> c.expected() != null).toList();
        Set<RejectReason> reasons = bad.stream().map(RawTickCorpus.Case::expected)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectReason.class)));
        assertThat(bad).hasSizeGreaterThanOrEqualTo(20);
        // Every reason the input can cause is exercised; INTERNAL_ERROR is a bug, not an input.
        assertThat(reasons).isEqualTo(EnumSet.complementOf(EnumSet.of(RejectReason.INTERNAL_ERROR)));
    }

    @Test
    void shouldStampIngestTimeAndKeepEveryOtherField() {
        String json = CORPUS.tick("TAAA", 7, "\"aggressor\":\"SELL\",\"ingestTimeMicros\":5");
        Verdict verdict = validator.validate(null, json.getBytes(StandardCharsets.UTF_8), NOW, NOW);
        MarketTick tick = ((Verdict.Accepted) verdict).tick();
        assertThat(tick).isEqualTo(MarketTick.newBuilder().setSymbol("TAAA").setVenue("XNAS").setSequence(7)
                .setExchangeTimeMicros(NOW - 1_000).setIngestTimeMicros(NOW).setBid(100.01).setAsk(100.03)
                .setLast(100.02).setBidSize(300).setAskSize(200).setLastSize(100).setAggressor(Side.SELL).build());
    }

    @Test
    void shouldJudgeATicksAgeByWhenItEnteredKafkaNotByHowFarBehindTheBridgeIs() {
        // sent on time, validated an hour later (the bridge was down, or lagging): still a valid tick, stamped now
        long anHourLater = NOW + 3_600_000_000L;
        String json = CORPUS.tick("TAAA", 7, "\"aggressor\":\"SELL\"");
        Verdict late = validator.validate(null, json.getBytes(StandardCharsets.UTF_8), anHourLater, NOW);
        assertThat(late).isInstanceOfSatisfying(Verdict.Accepted.class,
                a -> assertThat(a.tick().getIngestTimeMicros()).isEqualTo(anHourLater));

        // sent an hour after its exchange time: refused, against the record's timestamp
        Verdict stale = validator.validate(null, json.getBytes(StandardCharsets.UTF_8), anHourLater, anHourLater);
        assertThat(stale).isInstanceOfSatisfying(Verdict.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
            assertThat(r.message()).contains("behind the record's timestamp");
        });
    }

    @Test
    void shouldNameTheFieldInTheMessage() {
        String json = CORPUS.tick("TAAA", 7, "\"bid\":\"cheap\"");
        Verdict verdict = validator.validate(null, json.getBytes(StandardCharsets.UTF_8), NOW, NOW);
        assertThat(((Verdict.Rejected) verdict).message()).contains("$.bid");
    }

    @Test
    void shouldDropSymbolDeletedFromTheTable() {
        TickValidator empty = new TickValidator(new EdgeJson(), symbol -> null, 1024, 1, 1);
        String json = CORPUS.tick("TAAA", 1, "\"exchangeTimeMicros\":" + NOW);
        Verdict verdict = empty.validate(null, json.getBytes(StandardCharsets.UTF_8), NOW, NOW);
        assertThat(((Verdict.Rejected) verdict).reason()).isEqualTo(RejectReason.UNKNOWN_SYMBOL);
    }

    @Test
    void shouldTurnAnUnexpectedFailureIntoADeadLetterReason() {
        TickValidator broken = new TickValidator(new EdgeJson(), symbol -> {
            throw new IllegalStateException("boom");
        }, 1024, 1, 1);
        String json = CORPUS.tick("TAAA", 1, "\"exchangeTimeMicros\":" + NOW);
        Verdict verdict = broken.validate(null, json.getBytes(StandardCharsets.UTF_8), NOW, NOW);
        assertThat(((Verdict.Rejected) verdict).reason()).isEqualTo(RejectReason.INTERNAL_ERROR);
    }
}
