package io.atlas.ingest.cdc;

import io.atlas.ingest.simulate.SimulatedInstrument;
import io.atlas.ingest.simulate.SimulatedInstruments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the captured tables with the versioned migrations in {@code db/migration} (Flyway), and seeds
 * the instruments table with the simulator's instruments when it is empty.
 */
public final class Schema {

    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    /** Applies pending migrations to the target's schema, creating it when missing. */
    public static void migrate(PgTarget target, String publication) {
        var result = Flyway.configure()
                .dataSource(target.jdbcUrl(), target.user(), target.password())
                .schemas(target.schema())
                .defaultSchema(target.schema())
                .createSchemas(true)
                .locations("classpath:db/migration")
                .placeholders(Map.of("publication", publication))
                .load()
                .migrate();
        log.info("Schema {} at version {} ({} migrations applied)", target.schema(), result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /** Inserts the first {@code count} simulator instruments if the table is empty; returns how many it inserted. */
    public static int seedInstruments(PgTarget target, int count) throws SQLException {
        if (count == 0) {
            return 0;
        }
        try (Connection connection = target.connect()) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM instruments")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return 0;
                }
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO instruments "
                    + "(symbol, venue, tick_size, currency, status, lot_size, description) "
                    + "VALUES (?, ?, ?, ?, 'TRADING', ?, ?) ON CONFLICT (symbol) DO NOTHING")) {
                for (SimulatedInstrument instrument : SimulatedInstruments.first(count)) {
                    insert.setString(1, instrument.symbol());
                    insert.setString(2, instrument.venue());
                    insert.setDouble(3, instrument.tickSize());
                    insert.setString(4, instrument.currency());
                    insert.setDouble(5, instrument.lotSize());
                    insert.setString(6, "Simulated instrument " + instrument.symbol() + " on " + instrument.venue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            log.info("Seeded {} simulator instruments", count);
            return count;
        }
    }
}
