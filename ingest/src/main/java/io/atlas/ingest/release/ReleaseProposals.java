package io.atlas.ingest.release;

import io.atlas.catalog.Topics;
import io.atlas.events.ModelRelease;
import io.atlas.schemas.serde.ContractSerdes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the models services propose on {@link Topics#MODEL_PROPOSALS} into release rows
 * ({@link ModelReleases#releaseProposal}), so that a scorer's first-start model becomes a release the way every
 * other does: numbered by the database, carried to {@code atlas.model-releases} by CDC. Runs in the CDC process on its
 * own named thread, reading the topic by manual assignment from its end: it acts on what is proposed while it runs,
 * and a proposer repeats its proposal until the model is released (acting twice on one is harmless: the second finds
 * the bytes released). A proposal it cannot act on is logged and counted; while PostgreSQL is unreachable it retries
 * the same proposal.
 */
public final class ReleaseProposals implements AutoCloseable {

    public static final String METER = "atlas.ingest.release.proposals";
    private static final Logger log = LoggerFactory.getLogger(ReleaseProposals.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ModelReleases releases;
    private final Map<ProposalOutcome.Kind, Counter> outcomes = new EnumMap<>(ProposalOutcome.Kind.class);
    private final Counter failures;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean positioned;
    private volatile String failure;

    private ReleaseProposals(Map<String, Object> clientSettings, ModelReleases releases, MeterRegistry registry) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "atlas-ingest-cdc-proposals");
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.releases = releases;
        for (ProposalOutcome.Kind kind : ProposalOutcome.Kind.values()) {
            outcomes.put(kind, Counter.builder(METER).tag("outcome", kind.tag())
                    .description("Proposed models acted on: released, already released, not needed (the model has "
                            + "an ACTIVE release) or invalid")
                    .register(registry));
        }
        failures = Counter.builder(METER).tag("outcome", "failed")
                .description("Proposed models acted on: released, already released, not needed (the model has "
                        + "an ACTIVE release) or invalid")
                .register(registry);
        this.thread = new Thread(this::run, "cdc-release-proposals");
    }

    /** Starts reading proposals from the topic's end. */
    public static ReleaseProposals start(Map<String, Object> clientSettings, ModelReleases releases,
                                         MeterRegistry registry) {
        ReleaseProposals proposals = new ReleaseProposals(clientSettings, releases, registry);
        proposals.thread.start();
        return proposals;
    }

    /** True once reading from the end of the topic: proposals made from now on are acted on. */
    public boolean isPositioned() {
        return positioned;
    }

    /** False once reading stopped for any reason but {@link #close()}; {@link #failure()} says why. */
    public boolean isAlive() {
        return failure == null;
    }

    public String failure() {
        return failure;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MODEL_PROPOSALS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.MODEL_PROPOSALS.name() + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned = true;
            log.info("Acting on model proposals from {} (from its end)", Topics.MODEL_PROPOSALS.name());
            while (!closed.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (!actOn(record)) {
                        // Not acted on: read it again after the back-off rather than lose it.
                        consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                        TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF.toMillis());
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                stopped(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stopped(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void stopped(RuntimeException e) {
        failure = e.toString();
        log.error("Stopped reading model proposals", e);
    }

    /** Acts on one proposal; false when PostgreSQL failed and it must be tried again. */
    private boolean actOn(ConsumerRecord<byte[], byte[]> record) {
        ModelRelease proposal;
        try {
            proposal = ContractSerdes.modelRelease().decode(record);
        } catch (RuntimeException e) {
            outcomes.get(ProposalOutcome.Kind.INVALID).increment();
            log.warn("Skipping an unreadable model proposal at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return true;
        }
        try {
            ProposalOutcome outcome = releases.releaseProposal(proposal);
            outcomes.get(outcome.kind()).increment();
            switch (outcome.kind()) {
                case RELEASED -> log.info("Released the proposed model as {}", outcome.detail());
                case INVALID -> log.warn("Refused the proposed model {} at offset {}: {}", proposal.getModelId(),
                        record.offset(), outcome.detail());
                default -> log.info("Proposed model {} ({}): {}; nothing to release", proposal.getModelId(),
                        outcome.kind().tag(), outcome.detail());
            }
            return true;
        } catch (SQLException e) {
            failures.increment();
            log.warn("Releasing the proposed model {} failed; retrying in {}", proposal.getModelId(), RETRY_BACKOFF,
                    e);
            return false;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
