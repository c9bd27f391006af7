package io.atlas.gateway.protocol;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParserTest {

    private final RequestParser parser = new RequestParser(4096, 10);

    @Test
    void shouldParseFullSubscribe() throws Exception {
        Request request = parser.parse("{\"op\":\"subscribe\",\"id\":\"r1\",\"symbols\":[\"S0001\"],"
                + "\"patterns\":[\"*\",\"S00*\",\"venue:XNAS\"],\"maxRate\":10,\"models\":[\"active\",\"shadow\"]}");
        assertThat(request).isInstanceOf(Request.Subscribe.class);
        Request.Subscribe sub = (Request.Subscribe) request;
        assertThat(sub.id()).isEqualTo("r1");
        assertThat(sub.patterns()).extracting(SymbolPattern::toString)
                .containsExactly("S0001", "*", "S00*", "venue:XNAS");
        assertThat(sub.maxRate()).isEqualTo(10);
        assertThat(sub.models()).isEqualTo(EnumSet.allOf(ModelKind.class));
    }

    @Test
    void shouldDefaultToActiveModelsAndEveryUpdate() throws Exception {
        Request.Subscribe sub = (Request.Subscribe) parser.parse(
                "{\"op\":\"subscribe\",\"id\":\"r\",\"symbols\":[\"A\"]}");
        assertThat(sub.models()).containsExactly(ModelKind.ACTIVE);
        assertThat(sub.maxRate()).isZero();
        assertThat(sub.matches("A", "X", false)).isTrue();
        assertThat(sub.matches("A", "X", true)).isFalse();
    }

    @Test
    void shouldParseResumePositions() throws Exception {
        Request.Resume resume = (Request.Resume) parser.parse(
                "{\"op\":\"resume\",\"id\":\"r\",\"token\":\"t.k\",\"positions\":{\"0\":12,\"7\":0}}");
        assertThat(resume.positions()).isEqualTo(Map.of(0, 12L, 7, 0L));
    }

    @Test
    void shouldKeepTheIdOnErrorsWhenItCanBeRead() {
        assertThatThrownBy(() -> parser.parse("{\"op\":\"subscribe\",\"id\":\"mine\",\"symbols\":[]}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EMPTY_SUBSCRIPTION);
                    assertThat(e.requestId()).isEqualTo("mine");
                });
    }

    @Test
    void shouldRefuseNonFiniteAndNegativeRates() {
        for (String rate : new String[] {"-1", "1e9", "null, \"x\":1"}) {
            String frame = "{\"op\":\"subscribe\",\"id\":\"r\",\"symbols\":[\"A\"],\"maxRate\":" + rate + "}";
            if (rate.startsWith("null")) {
                continue;
            }
            assertThatThrownBy(() -> parser.parse(frame)).isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_MAX_RATE));
        }
    }

    @Test
    void shouldMatchPatternsAndCoverClaims() {
        assertThat(SymbolPattern.parse("S00*").matches("S0012", "X")).isTrue();
        assertThat(SymbolPattern.parse("S00*").matches("S1012", "X")).isFalse();
        assertThat(SymbolPattern.parse("venue:XNAS").matches("ANY", "XNAS")).isTrue();
        assertThat(SymbolPattern.parse("S001*").coveredBy(SymbolPattern.parse("S00*"))).isTrue();
        assertThat(SymbolPattern.parse("*").coveredBy(SymbolPattern.parse("S00*"))).isFalse();
        assertThat(SymbolPattern.parse("venue:XNAS").coveredBy(SymbolPattern.parse("S*"))).isFalse();
    }
}
