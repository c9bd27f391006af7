package io.atlas.perf.trace;

import io.atlas.catalog.ReleaseKey;
import io.atlas.catalog.Topics;
import io.atlas.events.Instrument;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.train.TrainedRelease;
import io.atlas.inference.train.TrainingPipeline;
import io.atlas.ingest.simulate.MarketModel;
import io.atlas.ingest.simulate.SimulatedInstrument;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes what a fresh scorer needs before it can serve: the simulator's instruments to {@link Topics#INSTRUMENTS}
 * and an ACTIVE model, trained on 20,000 ticks of the simulated market, to {@link Topics#MODEL_RELEASES}.
 */
public final class ServingModel {

    public static final String MODEL_ID = "tick-direction";
    private static final int TRAINING_TICKS = 20_000;

    private ServingModel() {
    }

    /** Publishes {@code instruments} and model {@value #MODEL_ID} version {@code version}, ACTIVE. */
    public static void publish(Map<String, Object> client, List<SimulatedInstrument> instruments, int version)
            throws Exception {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Instrument> producer = new KafkaProducer<>(settings,
                Topics.INSTRUMENTS.keySerde().serializer(), Topics.INSTRUMENTS.valueSerde().serializer())) {
            for (SimulatedInstrument instrument : instruments) {
                producer.send(new ProducerRecord<>(Topics.INSTRUMENTS.name(), instrument.symbol(),
                        instrument.toInstrument(0))).get(30, TimeUnit.SECONDS);
            }
        }
        // As CDC would write it: this bench's broker has no PostgreSQL and no CDC beside it.
        ModelRelease release = trained(instruments, version, 7);
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(settings,
                Topics.MODEL_RELEASES.keySerde().serializer(), Topics.MODEL_RELEASES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_RELEASES.name(), ReleaseKey.of(release), release))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Model {@value #MODEL_ID} as version {@code version}, ACTIVE, trained on 20,000 ticks of the simulated market
     * drawn with {@code marketSeed}: another seed trains other bytes, so another release of the same model.
     */
    public static ModelRelease trained(List<SimulatedInstrument> instruments, int version, long marketSeed) {
        Map<String, Double> tickSizes = new HashMap<>();
        instruments.forEach(instrument -> tickSizes.put(instrument.symbol(), instrument.tickSize()));
        TrainingPipeline.Result model = new TrainingPipeline(1, 0.2, 2, 42, 2.0)
                .run(ticks(instruments, marketSeed, TRAINING_TICKS), tickSizes::get, "simulated market, k = 2");
        return TrainedRelease.of(MODEL_ID, version, ReleaseStatus.ACTIVE, 1, model);
    }

    /** {@code count} ticks of the simulated market (k = 2), numbered per symbol as a publisher would, 1 ms apart. */
    public static List<MarketTick> ticks(List<SimulatedInstrument> instruments, long seed, int count) {
        MarketModel market = new MarketModel(instruments, new MarketModel.Parameters(seed, 2.0, 0.5));
        Map<String, Long> sequences = new HashMap<>();
        List<MarketTick> ticks = new ArrayList<>(count);
        long time = 1_767_225_600_000_000L;
        for (int i = 0; i < count; i++) {
            MarketTick tick = market.next(time += 1_000);
            tick.setSequence(sequences.merge(tick.getSymbol().toString(), 1L, Long::sum));
            tick.setIngestTimeMicros(time);
            ticks.add(tick);
        }
        return ticks;
    }
}
