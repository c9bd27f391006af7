package io.atlas.connect.sink;

import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics sink process: a Kafka Connect standalone worker (Kafka's own runtime, in this JVM) running the
 * {@link SinkConnectors} that write {@code atlas.predictions} and {@code atlas.prediction-outcomes} into PostgreSQL,
 * with the Atlas ops port beside it. The JDBC connector comes from the worker's plugin path, so its dependencies
 * (Hibernate, the PostgreSQL driver) never meet Atlas's; the converter is on the worker's own classpath.
 *
 * <p>Ready once both connectors and their tasks run; live unless one of them has failed.
 */
public final class AnalyticsSink implements AutoCloseable {

    static final String APPLICATION = "analytics-sink";
    private static final Logger log = LoggerFactory.getLogger(AnalyticsSink.class);
    private static final long CONNECTOR_CREATE_TIMEOUT_SECONDS = 60;

    private final ServiceMetrics metrics = new ServiceMetrics(APPLICATION);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<String> connectorNames;
    private OpsServer ops;
    private Connect<StandaloneHerder> connect;
    private Path stateDir;

    private AnalyticsSink(List<String> connectorNames) {
        this.connectorNames = connectorNames;
    }

    public static void main(String[] args) throws Exception {
        AnalyticsSink sink = start(new SinkConfig(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "analytics-sink-shutdown"));
        sink.connect.awaitStop();
    }

    /** Creates the database schema, starts the worker and both connectors; on failure closes what was started. */
    public static AnalyticsSink start(SinkConfig config) throws SQLException, InterruptedException {
        SinkConnectors connectors = new SinkConnectors(config);
        AnalyticsSink sink = new AnalyticsSink(List.of(connectors.predictionsName(), connectors.outcomesName()));
        try {
            sink.ops = OpsServer.start(config.httpPort(), sink.metrics.registry(), sink::liveness, sink::readiness);
            createSchema(config);
            sink.stateDir = Files.createTempDirectory(APPLICATION);
            sink.connect = new ConnectStandalone().startConnect(connectors.worker(sink.stateDir));
            for (Map<String, String> connector : List.of(connectors.predictions(), connectors.outcomes())) {
                sink.create(connector);
            }
            log.info("Analytics sink running: {} -> {}.{}, {} -> {}.{} (Connect REST at {})",
                    config.predictionsTopic(), config.dbSchema(), SinkConnectors.PREDICTIONS_TABLE,
                    config.outcomesTopic(), config.dbSchema(), SinkConnectors.OUTCOMES_TABLE,
                    sink.connect.rest().advertisedUrl());
            return sink;
        } catch (SQLException | InterruptedException | RuntimeException e) {
            sink.close();
            throw e;
        } catch (IOException e) {
            sink.close();
            throw new UncheckedIOException("Cannot create the worker's state folder", e);
        }
    }

    /** Live unless a connector or task has failed (its trace is in the log and the Connect REST status). */
    public Health liveness() {
        for (ConnectorStateInfo status : statuses()) {
            if ("FAILED".equals(status.connector().state())
                    || status.tasks().stream().anyMatch(task -> "FAILED".equals(task.state()))) {
                return Health.down(status.name() + " failed");
            }
        }
        return Health.up("running");
    }

    /** Ready once both connectors and all their tasks are RUNNING. */
    public Health readiness() {
        List<ConnectorStateInfo> statuses = statuses();
        if (statuses.size() < connectorNames.size()) {
            return Health.down("starting");
        }
        for (ConnectorStateInfo status : statuses) {
            boolean running = "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
            if (!running) {
                return Health.down(status.name() + " " + status.connector().state());
            }
        }
        return Health.up("writing " + String.join(", ", connectorNames));
    }

    private List<ConnectorStateInfo> statuses() {
        Connect<StandaloneHerder> current = connect;
        if (current == null) {
            return List.of();
        }
        Herder herder = current.herder();
        return connectorNames.stream().filter(herder.connectors()::contains).map(herder::connectorStatus).toList();
    }

    private void create(Map<String, String> connector) throws InterruptedException {
        String name = connector.get("name");
        FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, connector, true, created);
        try {
            created.get(CONNECTOR_CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Connector " + name + " was refused: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Connector " + name + " was not created within "
                    + CONNECTOR_CREATE_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static void createSchema(SinkConfig config) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(),
                config.jdbcPassword()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + config.dbSchema());
        }
    }

    /** Stops the worker (its tasks commit what they have written), then the ops port. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (connect != null) {
            connect.stop();
        }
        if (ops != null) {
            ops.close();
        }
        metrics.close();
        if (stateDir != null) {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                log.warn("Could not remove the worker's state folder {}", stateDir, e);
            }
        }
    }
}
