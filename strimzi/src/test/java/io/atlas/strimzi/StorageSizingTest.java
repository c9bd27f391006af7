package io.atlas.strimzi;

import static org.assertj.core.api.Assertions.assertThat;

import io.atlas.catalog.Topics;
import io.atlas.schemas.SampleEvents;
import io.atlas.schemas.json.EdgeJson;
import io.atlas.schemas.serde.ContractSerdes;
import org.junit.jupiter.api.Test;

class StorageSizingTest {

    @Test
    void shouldAssumeRecordSizesAtLeastAsLargeAsTheMeasuredEncodings() {
        assertThat(StorageSizing.MARKET_TICK_BYTES).isGreaterThanOrEqualTo(
                ContractSerdes.marketTick().encode(SampleEvents.marketTick()).length);
        assertThat(StorageSizing.RAW_TICK_BYTES).isGreaterThanOrEqualTo(
                new EdgeJson().write(SampleEvents.marketTick()).length);
        assertThat(StorageSizing.PREDICTION_BYTES).isGreaterThanOrEqualTo(
                ContractSerdes.prediction().encode(SampleEvents.prediction()).length);
        assertThat(StorageSizing.OUTCOME_BYTES).isGreaterThanOrEqualTo(
                ContractSerdes.predictionOutcome().encode(SampleEvents.predictionOutcome()).length);
        assertThat(StorageSizing.INSTRUMENT_BYTES).isGreaterThanOrEqualTo(
                ContractSerdes.instrument().encode(SampleEvents.instrument()).length);
    }

    @Test
    void shouldSizeEveryCatalogTopic() {
        assertThat(StorageSizing.byTopic()).hasSize(Topics.all().size()).allSatisfy((name, bytes) ->
                assertThat(bytes).as(name).isPositive());
    }

    @Test
    void shouldKeepEachBrokerDiskWithinTheLimit() {
        assertThat(StorageSizing.brokerDiskGib()).isBetween(10L, StorageSizing.MAX_BROKER_DISK_GIB);
    }

    @Test
    void shouldRenderTheBrokerDiskFromTheSizing() {
        assertThat(KafkaClusterResources.brokers("eu-west-1a").getSpec().getStorage().toString())
                .contains("size=" + StorageSizing.brokerDiskGib() + "Gi");
    }
}
