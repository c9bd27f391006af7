package io.atlas.ingest.restore;

import io.atlas.catalog.Topics;
import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.PgTarget;
import io.atlas.ops.KafkaConnection;
import io.atlas.schemas.serde.ContractSerdes;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The last step of a PostgreSQL restore, before CDC starts again: brings {@code instruments} and
 * {@code model_releases} forward to what CDC last published, creates CDC's replication slot and moves CDC's stored
 * position to that slot's start.
 *
 * <p>A backup is hours old; the compacted topics hold every row's latest state up to the disaster. Rewriting each
 * key's row from its latest value (deleting the row for a tombstone) gives the tables back every change made after
 * the backup, and because no slot exists while the restore and this step write, none of their writes is decoded:
 * CDC resumes at the new slot ({@link CdcOffsets}), sends nothing twice and misses nothing written afterwards. Rows
 * the topics carry no key for are left as restored. The same holds for a restore into a new server, whose log
 * positions have nothing to do with the old one's.
 *
 * <p>Refuses when the slot already exists (its consumer would stream these writes). Settings are CDC's own
 * ({@link CdcConfig}); the Kafka user needs to read the two topics and to read and write {@code atlas.cdc.offsets}.
 */
@Command(name = "roll-forward", mixinStandardHelpOptions = true,
        description = "After a PostgreSQL restore: rewrite instruments and model releases from their compacted "
                + "topics, create CDC's replication slot and move CDC's position to it.")
public final class RollForward implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    private CommandSpec spec;

    public RollForward(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RollForward(System.getenv())).execute(args));
    }

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        CdcConfig config = new CdcConfig(env);
        PgTarget target = PgTarget.of(config.pgUrl(), config.pgUser(), config.pgPassword(), config.schema());
        Map<String, Object> clients = KafkaConnection.clientSettings(config);
        try (Connection connection = target.connect()) {
            if (slotExists(connection, config.slot())) {
                throw new IllegalStateException("Replication slot " + config.slot() + " exists: it would stream "
                        + "this roll-forward's writes. Stop CDC and drop the slot (the restore script does) first.");
            }
            Map<String, byte[]> instruments = LatestValues.read(clients, Topics.INSTRUMENTS.name());
            Map<String, byte[]> releases = LatestValues.read(clients, Topics.MODEL_RELEASES.name());
            connection.setAutoCommit(false);
            Rows rows = new Rows(connection);
            // Every delete first, then every insert: the unique ACTIVE release per model holds only at the end.
            for (String symbol : instruments.keySet()) {
                rows.deleteInstrument(symbol);
            }
            for (String key : releases.keySet()) {
                rows.deleteRelease(modelId(key), version(key));
            }
            int written = 0;
            for (Map.Entry<String, byte[]> instrument : instruments.entrySet()) {
                if (instrument.getValue() != null) {
                    rows.insert(ContractSerdes.instrument().decode(Topics.INSTRUMENTS.name(), -1, -1,
                            instrument.getValue()));
                    written++;
                }
            }
            for (Map.Entry<String, byte[]> release : releases.entrySet()) {
                if (release.getValue() != null) {
                    rows.insert(ContractSerdes.modelRelease().decode(Topics.MODEL_RELEASES.name(), -1, -1,
                            release.getValue()));
                    written++;
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            out.printf("Rolled forward %d instruments and %d model releases from the topics (%d rows written, %d "
                    + "deleted)%n", instruments.size(), releases.size(), written,
                    instruments.size() + releases.size() - written);
            // After the commit: a logical slot cannot be created in a transaction that has written.
            String slotStart = single(connection, "SELECT lsn::text FROM pg_create_logical_replication_slot(?, "
                    + "'pgoutput')", config.slot());
            CdcOffsets.resumeAt(clients, Topics.CDC_OFFSETS.name(), config.name(), CdcOffsets.lsn(slotStart));
            out.printf("Created replication slot %s at %s and moved CDC's position there: start CDC now.%n",
                    config.slot(), slotStart);
        }
        out.flush();
        return 0;
    }

    /** The model id of a release key {@code modelId:version} (the id may itself hold colons). */
    static String modelId(String releaseKey) {
        return releaseKey.substring(0, releaseKey.lastIndexOf(':'));
    }

    static int version(String releaseKey) {
        return Integer.parseInt(releaseKey.substring(releaseKey.lastIndexOf(':') + 1));
    }

    private static boolean slotExists(Connection connection, String slot) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String single(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
