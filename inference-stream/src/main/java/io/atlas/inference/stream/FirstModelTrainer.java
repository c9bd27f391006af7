package io.atlas.inference.stream;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.inference.train.ReleasePublisher;
import io.atlas.inference.train.TopicTicks;
import io.atlas.inference.train.TrainingPipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * First-start training ({@code ATLAS_INFERENCE_TRAIN_ON_START}): when the stream is running and no release is
 * active, waits until the ticks topic holds enough ticks, trains a model on them with the training CLI's own
 * pipeline and publishes it as the next ACTIVE release of the configured model id; the stream's release reader
 * then loads it like any other. Runs on its own thread; stops waiting as soon as some release becomes active.
 */
final class FirstModelTrainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FirstModelTrainer.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final InferenceConfig config;
    private final ModelRegistry models;
    private final BooleanSupplier streamRunning;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile String status = "waiting for the stream to start";
    private volatile boolean failed;

    FirstModelTrainer(InferenceConfig config, ModelRegistry models, BooleanSupplier streamRunning) {
        this.config = config;
        this.models = models;
        this.streamRunning = streamRunning;
        this.thread = new Thread(this::run, "inference-first-model");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** What first-start training is doing, for readiness. */
    String status() {
        return status;
    }

    /** True while training may still produce a model (waiting or working), false once done or failed. */
    boolean inProgress() {
        return !failed && thread.isAlive();
    }

    private void run() {
        try {
            while (!streamRunning.getAsBoolean()) {
                if (closed.await(200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            if (models.current().active() != null) {
                status = "not needed: " + models.current().active().label() + " is active";
                return;
            }
            Map<String, Object> settings = config.clientSettings();
            try (Admin admin = Admin.create(settings)) {
                long available;
                while ((available = ticksAvailable(admin)) < config.trainTicks()) {
                    status = "waiting for ticks to train the first model (" + available + "/" + config.trainTicks()
                            + " on " + Topics.TICKS.name() + ")";
                    if (models.current().active() != null) {
                        status = "not needed: " + models.current().active().label() + " became active";
                        return;
                    }
                    if (closed.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
            status = "training the first model on " + config.trainTicks() + " ticks";
            log.info("First-start training: {}", status);
            Map<String, Double> tickSizes = new HashMap<>(TopicTicks.tickSizes(settings, TIMEOUT));
            List<MarketTick> ticks = TopicTicks.read(settings, Topics.TICKS.name(), 0, config.trainTicks(), TIMEOUT);
            TrainingPipeline.Result result = new TrainingPipeline(config.horizonTicks(), 0.2, 3, 42, Double.NaN)
                    .run(ticks, symbol -> tickSizes.getOrDefault(symbol, config.defaultTickSize()),
                            "first-start training from " + Topics.TICKS.name());
            log.info("First-start model trained in {} s:\n{}", String.format("%.2f", result.trainSeconds()),
                    result.report().render());
            int version = ReleasePublisher.latestVersion(settings, config.modelId(), TIMEOUT) + 1;
            ModelRelease release = ReleasePublisher.release(config.modelId(), version, ReleaseStatus.ACTIVE,
                    config.horizonTicks(), result);
            ReleasePublisher.publish(settings, release, TIMEOUT);
            status = "published " + config.modelId() + ":" + version + "; loading it";
            log.info("First-start model published as {}:{} (ACTIVE)", config.modelId(), version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            status = "first-start training failed: " + e.getMessage();
            log.error("First-start training failed", e);
        }
    }

    private static long ticksAvailable(Admin admin) {
        try {
            int partitions = admin.describeTopics(List.of(Topics.TICKS.name())).allTopicNames()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(Topics.TICKS.name()).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.TICKS.name(), p), OffsetSpec.latest());
                earliest.put(new TopicPartition(Topics.TICKS.name(), p), OffsetSpec.earliest());
            }
            long total = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(latest).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values()) {
                total += info.offset();
            }
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(earliest).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values()) {
                total -= info.offset();
            }
            return total;
        } catch (Exception e) {
            log.debug("Cannot count ticks yet: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
