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
        Map<String, Double> tickSizes = new HashMap<>();
        instruments.forEach(instrument -> tickSizes.put(instrument.symbol(), instrument.tickSize()));
        TrainingPipeline.Result model = new TrainingPipeline(1, 0.2, 2, 42, 2.0)
                .run(trainingTicks(instruments), tickSizes::get, "simulated market, k = 2");
        // As CDC would write it: this bench's broker has no PostgreSQL and no CDC beside it.
        ModelRelease release = TrainedRelease.of(MODEL_ID, version, ReleaseStatus.ACTIVE, 1, model);
        try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(settings,
                Topics.MODEL_RELEASES.keySerde().serializer(), Topics.MODEL_RELEASES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_RELEASES.name(), ReleaseKey.of(release), release))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Ticks of the simulated market, numbered per symbol as a publisher would. */
    private static List<MarketTick> trainingTicks(List<SimulatedInstrument> instruments) {
        MarketModel market = new MarketModel(instruments, new MarketModel.Parameters(7, 2.0, 0.5));
        Map<String, Long> sequences = new HashMap<>();
        List<MarketTick> ticks = new ArrayList<>(TRAINING_TICKS);
        long time = 1_767_225_600_000_000L;
        for (int i = 0; i < TRAINING_TICKS; i++) {
            MarketTick tick = market.next(time += 1_000);
            tick.setSequence(sequences.merge(tick.getSymbol().toString(), 1L, Long::sum));
            tick.setIngestTimeMicros(time);
            ticks.add(tick);
        }
        return ticks;
    }
}
