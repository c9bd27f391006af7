package io.atlas.inference.stream;

import io.atlas.catalog.Topics;
import io.atlas.events.MarketTick;
import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.inference.model.ModelRegistry;
import io.atlas.inference.train.TopicTicks;
import io.atlas.inference.train.TrainedRelease;
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
 * pipeline and proposes it on {@code atlas.model-proposals}. ingest-cdc writes it to PostgreSQL as the model's next
 * version (or nothing, when another first model was released meanwhile) and CDC carries the release to the stream's
 * release reader, which loads it like any other: the scorer never writes a release, so versions are numbered in
 * one place. Runs on its own thread; stops waiting as soon as some release becomes active.
 */
final class FirstModelTrainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FirstModelTrainer.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROPOSAL_PATIENCE = Duration.ofSeconds(30);
    private static final int PROPOSALS = 10;

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
            propose(settings, TrainedRelease.of(config.modelId(), ReleaseStatus.ACTIVE, config.horizonTicks(),
                    result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            status = "first-start training failed: " + e.getMessage();
            log.error("First-start training failed", e);
        }
    }

    /**
     * Proposes the model until some release is active: ingest-cdc acts on proposals made while it runs, and releases
     * this one as the model's next version unless another first model beat it. Gives up, failing readiness, after
     * {@value #PROPOSALS} unanswered proposals.
     */
    private void propose(Map<String, Object> settings, ModelRelease proposal) throws InterruptedException {
        String described = proposal.getModelId() + " (sha256 " + proposal.getDigest() + ")";
        for (int attempt = 1; attempt <= PROPOSALS; attempt++) {
            ModelProposal.send(settings, proposal, TIMEOUT);
            status = "proposed " + described + " on " + Topics.MODEL_PROPOSALS.name()
                    + "; waiting for ingest-cdc to release it through PostgreSQL";
            log.info("First-start model proposed: {} ({} of at most {})", described, attempt, PROPOSALS);
            long deadline = System.nanoTime() + PROPOSAL_PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                if (models.current().active() != null) {
                    status = "released: " + models.current().active().label() + " is active";
                    return;
                }
                if (closed.await(200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        }
        failed = true;
        status = "proposed " + described + " " + PROPOSALS + " times but no release became active: is ingest-cdc "
                + "running? (its log says what it did with each proposal)";
        log.error("First-start training: {}", status);
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
