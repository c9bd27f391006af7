package io.atlas.ingest.cdc;

import io.atlas.catalog.Topics;
import io.atlas.ingest.release.ModelReleases;
import io.atlas.ingest.release.ReleaseProposals;
import io.atlas.ops.Health;
import io.atlas.ops.KafkaConnection;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDC process: (an embedded PostgreSQL for the local run,) the migrations, the optional seed, the metrics and
 * health server, the {@link CdcPipeline} and the {@link ReleaseProposals} that turn proposed models into release
 * rows; closes them in reverse order. Ready once Debezium's task has started and proposals are read.
 */
public final class CdcService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdcService.class);

    private final ServiceMetrics metrics = new ServiceMetrics("ingest-cdc");
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedDatabase embedded;
    private OpsServer ops;
    private CdcPipeline pipeline;
    private ReleaseProposals proposals;

    private CdcService() {
    }

    /** Starts everything; on failure closes what was started and rethrows. */
    @SuppressWarnings("unchecked")
    public static CdcService start(CdcConfig config) throws SQLException {
        CdcService service = new CdcService();
        try {
            service.ops = OpsServer.start(config.httpPort(), service.metrics.registry(), service::liveness,
                    service::readiness);
            PgTarget target;
            if (config.embedded()) {
                service.embedded = EmbeddedDatabase.start(config.embeddedDir(), config.embeddedPort(),
                        config.pgUser(), config.pgPassword());
                target = service.embedded.target(config.schema());
            } else {
                target = PgTarget.of(config.pgUrl(), config.pgUser(), config.pgPassword(), config.schema());
            }
            Schema.migrate(target, config.publication());
            Schema.seedInstruments(target, config.seedInstruments());
            Map<String, Object> clientSettings = KafkaConnection.clientSettings(config);
            ChangeMapper mapper = new ChangeMapper(Topics.INSTRUMENTS.name(), Topics.MODEL_RELEASES.name());
            Map<String, Serializer<SpecificRecord>> serializers = Map.of(
                    Topics.INSTRUMENTS.name(), (Serializer<SpecificRecord>) (Serializer<?>) Topics.INSTRUMENTS
                            .valueSerde().serializer(),
                    Topics.MODEL_RELEASES.name(), (Serializer<SpecificRecord>) (Serializer<?>) Topics.MODEL_RELEASES
                            .valueSerde().serializer());
            service.pipeline = new CdcPipeline(DebeziumSettings.of(config, target, clientSettings,
                    Topics.CDC_OFFSETS.name()), clientSettings, mapper, serializers, target,
                    service.metrics.registry());
            service.proposals = ReleaseProposals.start(clientSettings, new ModelReleases(target),
                    service.metrics.registry());
            log.info("CDC started: {} schema {} slot {} -> {}, {}", target.jdbcUrl(), target.schema(), config.slot(),
                    Topics.INSTRUMENTS.name(), Topics.MODEL_RELEASES.name());
            return service;
        } catch (SQLException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** Live while the Debezium engine and the model proposals' reader run. */
    public Health liveness() {
        CdcPipeline current = pipeline;
        if (current != null && !current.isAlive()) {
            return Health.down("Debezium engine stopped: " + current.failure());
        }
        ReleaseProposals reader = proposals;
        if (reader != null && !reader.isAlive()) {
            return Health.down("model proposals reader stopped: " + reader.failure());
        }
        return Health.up("running");
    }

    /** Ready once Debezium streams (or snapshots) and model proposals are read. */
    public Health readiness() {
        CdcPipeline current = pipeline;
        ReleaseProposals reader = proposals;
        return current != null && current.isStarted() && reader != null && reader.isPositioned()
                ? Health.up("streaming") : Health.down("starting");
    }

    /** Waits until {@link #close()}; a stopped engine also makes liveness fail so the orchestrator restarts us. */
    public void awaitClosed() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (proposals != null) {
                proposals.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            if (ops != null) {
                ops.close();
            }
            metrics.close();
            stopped.countDown();
        }
    }
}
