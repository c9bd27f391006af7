package io.atlas.ingest.cdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.Driver;

/** Where the captured PostgreSQL database is: what JDBC (migrations, admin) and Debezium (host, port, db) need. */
public record PgTarget(String jdbcUrl, String host, int port, String database, String user, String password,
                       String schema) {

    public PgTarget {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(schema, "schema");
    }

    /** Parses {@code jdbc:postgresql://host:port/database}. */
    public static PgTarget of(String jdbcUrl, String user, String password, String schema) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        String host = parsed.getProperty("PGHOST", "127.0.0.1").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        return new PgTarget(jdbcUrl, host, port, parsed.getProperty("PGDBNAME"), user, password, schema);
    }

    /** A new connection whose search_path is the schema; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("currentSchema", schema);
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
