package io.atlas.ingest.publish;

import io.atlas.catalog.Hop;
import io.atlas.catalog.Topic;
import io.atlas.events.MarketTick;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import io.atlas.schemas.SampleEvents;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithKafka
class TickPublisherTest {

    private static MarketTick tick(String symbol, double bid) {
        MarketTick tick = MarketTick.newBuilder(SampleEvents.marketTick()).build();
        tick.setSymbol(symbol);
        tick.setBid(bid);
        tick.setAsk(bid + 0.01);
        tick.setSequence(0);
        return tick;
    }

    @Test
    void shouldKeepEachSymbolOrderedWithGapFreeSequencesAcrossPartitions(KafkaCluster kafka) throws Exception {
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "ticks-order", 6);
        int symbols = 40;
        int perSymbol = 250;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(kafka.clientConfig())
                .topic(topic).build(), new SimpleMeterRegistry())) {
            // Four threads publish the SAME symbols concurrently: numbering and sending must still agree.
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < perSymbol / 4; i++) {
                        for (int s = 0; s < symbols; s++) {
                            publisher.publish(tick("ORD" + s, 100 + i));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            publisher.flush();
            assertThat(publisher.failure()).isEmpty();
            assertThat(publisher.acknowledged()).isEqualTo(symbols * 248L);
        } finally {
            threads.shutdownNow();
        }

        List<ConsumerRecord<String, MarketTick>> records = PublishedTicks.readAll(kafka, topic, symbols * 248);
        Map<String, Long> counts = PublishedTicks.assertOrderedAndGapFree(records);
        assertThat(counts).hasSize(symbols).allSatisfy((symbol, count) -> assertThat(count).isEqualTo(248L));
        assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet())).hasSizeGreaterThan(1);
        assertThat(records).allSatisfy(r -> assertThat(r.value().getIngestTimeMicros()).isPositive());
    }

    @Test
    void shouldNumberARestartedPublishersTicksAboveItsPredecessors(KafkaCluster kafka) throws Exception {
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "ticks-restart", 1);
        for (int run = 0; run < 2; run++) {
            try (TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(kafka.clientConfig())
                    .topic(topic).build(), new SimpleMeterRegistry())) {
                for (int i = 0; i < 5; i++) {
                    publisher.publish(tick("RESTART", 100 + i));
                }
                publisher.flush();
            }
        }
        List<ConsumerRecord<String, MarketTick>> records = PublishedTicks.readAll(kafka, topic, 10);
        // The scorer skips a tick not newer than the last it took: a restart must never look like a replay.
        assertThat(records).extracting(r -> r.value().getSequence()).isSorted().doesNotHaveDuplicates();
        assertThat(PublishedTicks.assertOrderedAndGapFree(records.subList(0, 5))).containsEntry("RESTART", 5L);
        assertThat(PublishedTicks.assertOrderedAndGapFree(records.subList(5, 10))).containsEntry("RESTART", 5L);
    }

    @Test
    void shouldRejectInsteadOfQueueingWhenTheInFlightBudgetStaysFull(KafkaCluster kafka) throws Exception {
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "ticks-budget", 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // A linger of a minute holds every batch back: nothing is acknowledged until flush(), the blocked path.
        try (TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(kafka.clientConfig())
                .topic(topic).lingerMillis(60_000).maxInFlightRecords(3).maxWait(Duration.ofMillis(200)).build(),
                registry)) {
            List<CompletableFuture<?>> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accepted.add(publisher.publish(tick("BUDGET", 10 + i)));
            }
            assertThat(publisher.inFlight()).isEqualTo(3);
            long numbered = publisher.lastSequence("BUDGET");

            assertThatThrownBy(() -> publisher.publish(tick("BUDGET", 99)))
                    .isInstanceOf(PublishRejectedException.class)
                    .hasMessageContaining("3 records already in flight");
            assertThat(publisher.inFlight()).isEqualTo(3);
            assertThat(publisher.lastSequence("BUDGET")).as("a refused tick uses no number").isEqualTo(numbered);
            assertThat(registry.get(PublisherMetrics.REJECTED).counter().count()).isEqualTo(1);

            publisher.flush();
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(publisher.inFlight()).isZero();
            publisher.publish(tick("BUDGET", 13));
            publisher.flush();
        }
        List<ConsumerRecord<String, MarketTick>> records = PublishedTicks.readAll(kafka, topic, 4);
        long first = records.get(0).value().getSequence();
        assertThat(records).extracting(r -> r.value().getSequence())
                .containsExactly(first, first + 1, first + 2, first + 3);
        assertThat(records).extracting(r -> r.value().getBid()).containsExactly(10.0, 11.0, 12.0, 13.0);
    }

    @Test
    void shouldRecordSendsInItsMetersAndRemoveThemOnClose(KafkaCluster kafka) throws Exception {
        Topic<String, MarketTick> topic = PublishedTicks.createTopic(kafka, "ticks-metrics", 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TickPublisher publisher = TickPublisher.start(PublisherOptions.builder(kafka.clientConfig())
                .topic(topic).build(), registry);
        for (int i = 0; i < 10; i++) {
            publisher.publish(tick("METER" + (i % 3), 50 + i));
        }
        publisher.flush();

        assertThat(registry.get(PublisherMetrics.RECORDS).tag("topic", topic.name()).counter().count()).isEqualTo(10);
        assertThat(registry.get(PublisherMetrics.BYTES).counter().count()).isGreaterThan(10 * 50);
        assertThat(registry.get(PublisherMetrics.LATENCY).timer().count()).isEqualTo(10);
        assertThat(registry.get(Hop.METER).tag(Hop.TAG, Hop.PRODUCER_TO_BROKER.tagValue()).timer().count())
                .isEqualTo(10);
        assertThat(registry.get(PublisherMetrics.IN_FLIGHT).gauge().value()).isZero();
        assertThat(registry.get(PublisherMetrics.REJECTED).counter().count()).isZero();
        assertThat(publisher.acknowledged()).isEqualTo(10);

        publisher.close();
        publisher.close();
        assertThat(registry.find(PublisherMetrics.RECORDS).meters()).isEmpty();
        assertThatThrownBy(() -> publisher.publish(tick("METER0", 1))).isInstanceOf(IllegalStateException.class);
    }
}
