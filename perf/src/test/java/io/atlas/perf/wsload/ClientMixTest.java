package io.atlas.perf.wsload;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientMixTest {

    private final SymbolSet set = new SymbolSet("LG", 500);

    @Test
    void shouldApportionClientsExactlyByWeight() {
        ClientMix mix = ClientMix.parse("few=90,throttled=9,all=1", 5, 1);

        assertThat(mix.counts(20_000)).containsExactly(Map.entry("few", 18_000), Map.entry("throttled", 1_800),
                Map.entry("all", 200));
        assertThat(mix.counts(7).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }

    @Test
    void shouldGiveFewClientsDistinctSymbolsAndOthersEverySymbol() {
        List<Subscription> subs = ClientMix.parse("few=2,throttled=1,all=1", 5, 2.5).assign(400, set, 7);

        assertThat(subs).hasSize(400);
        assertThat(subs).filteredOn(s -> s.profile().equals(ClientMix.FEW)).hasSize(200).allSatisfy(s -> {
            assertThat(s.symbols()).hasSize(5).doesNotHaveDuplicates();
            assertThat(java.util.Arrays.stream(s.symbols())).allMatch(i -> i >= 0 && i < 500);
            assertThat(s.conflated()).isFalse();
        });
        assertThat(subs).filteredOn(s -> s.profile().equals(ClientMix.THROTTLED)).hasSize(100)
                .allMatch(s -> s.everySymbol() && s.maxRate() == 2.5);
        assertThat(subs).filteredOn(s -> s.profile().equals(ClientMix.ALL)).hasSize(100)
                .allMatch(s -> s.everySymbol() && !s.conflated());
    }

    @Test
    void shouldAssignTheSameMixForTheSameSeed() {
        ClientMix mix = ClientMix.parse("few=1,all=1", 3, 1);

        assertThat(mix.assign(50, set, 3)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(mix.assign(50, set, 3));
    }

    @Test
    void shouldWriteTheSubscribeRequestsOfTheProtocol() {
        assertThat(new Subscription(ClientMix.FEW, new int[] {2, 0}, 0).request("load", set))
                .isEqualTo("{\"op\":\"subscribe\",\"id\":\"load\",\"symbols\":[\"LG0001\",\"LG0003\"]}");
        assertThat(new Subscription(ClientMix.THROTTLED, null, 0.5).request("load", set))
                .isEqualTo("{\"op\":\"subscribe\",\"id\":\"load\",\"patterns\":[\"*\"],\"maxRate\":0.5}");
    }

    @Test
    void shouldRefuseAnUnknownProfile() {
        assertThatThrownBy(() -> ClientMix.parse("few=1,most=2", 5, 1)).hasMessageContaining("most=2");
    }

    @Test
    void shouldRefuseAMixWithNothingToRun() {
        assertThatThrownBy(() -> ClientMix.parse("few=0,all=0", 5, 1)).hasMessageContaining("weight 0");
    }

    @Test
    void shouldRefuseAThrottledRateOutsideTheProtocolsRange() {
        assertThatThrownBy(() -> ClientMix.parse("throttled=1", 5, 2000)).hasMessageContaining("(0, 1000]");
    }

    @Test
    void shouldMapSymbolsInAFrameToTheirNumber() {
        byte[] text = "xxLG0042yyS0001LG9999".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(set.indexOf(text, 2, 8)).isEqualTo(41);
        assertThat(set.indexOf(text, 10, 15)).isEqualTo(-1);
        assertThat(set.indexOf(text, 15, 21)).as("beyond the set").isEqualTo(-1);
        assertThat(set.name(41)).isEqualTo("LG0042");
    }
}
