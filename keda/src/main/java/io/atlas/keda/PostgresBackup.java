package io.atlas.keda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL backup and restore commands, once: the script ({@value #SCRIPT}, a resource of this module) and the
 * arguments of each of its commands. The backup CronJob renders {@link #command} with {@link #backupArguments}; the
 * restore drill (in ingest/) runs the same script with the same methods' arguments against the local PostgreSQL, so
 * what is tested is what the cluster runs.
 *
 * <p>The script talks to PostgreSQL through libpq's environment ({@link #connection}). Schema, slot and publication
 * are those ingest's CDC uses by default ({@code CdcConfig}; the drill checks they agree).
 */
public final class PostgresBackup {

    public static final String SCRIPT = "atlas-pg-backup.sh";
    static final String RESOURCE = "io/atlas/keda/backup/" + SCRIPT;

    /** Where the CronJob and the PostgreSQL pod mount the script. */
    public static final String SCRIPT_DIR = "/opt/atlas/backup";

    /** Where the backup volume is mounted: one folder per backup, named for its UTC start time. */
    public static final String BACKUP_DIR = "/backups";

    /** The seed's daily backups with 30-day retention. */
    public static final int RETENTION_DAYS = 30;
    public static final String SCHEDULE = "0 2 * * *";
    public static final String TIME_ZONE = "Etc/UTC";

    /** ingest's defaults: {@code ATLAS_PG_SCHEMA}, {@code ATLAS_CDC_SLOT}, {@code ATLAS_CDC_PUBLICATION}. */
    public static final String SCHEMA = "public";
    public static final String SLOT = "atlas_cdc";
    public static final String PUBLICATION = "atlas_cdc";

    /** libpq's connection variables, which pg_dump, pg_restore and psql read. */
    public static final String HOST = "PGHOST";
    public static final String PORT = "PGPORT";
    public static final String USER = "PGUSER";
    public static final String DATABASE = "PGDATABASE";
    public static final String PASSWORD = "PGPASSWORD";

    private PostgresBackup() {
    }

    /** The script's text. */
    public static String script() {
        try (InputStream in = PostgresBackup.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script at {@code scriptPath} with {@code arguments}. */
    public static List<String> command(String scriptPath, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("bash", scriptPath));
        command.addAll(arguments);
        return command;
    }

    /** The script where the CronJob and the PostgreSQL pod mount it. */
    public static String mountedScript() {
        return SCRIPT_DIR + "/" + SCRIPT;
    }

    /** Dumps {@code schema} into a new folder under {@code dir}, verifies it, then prunes backups past retention. */
    public static List<String> backupArguments(String dir, String schema) {
        return List.of("backup", "--dir", dir, "--schema", schema, "--retention-days", Integer.toString(RETENTION_DAYS));
    }

    /** Restores {@code schema} from {@code backup}: drops the (stopped) slot, restores, recreates the publication. */
    public static List<String> restoreArguments(String backup, String schema, String slot, String publication) {
        return List.of("restore", "--backup", backup, "--schema", schema, "--slot", slot, "--publication",
                publication);
    }

    /** Inserts one model release from {@code backup} back into {@code schema}, retired. */
    public static List<String> restoreReleaseArguments(String backup, String schema, String modelId, int version) {
        return List.of("restore-release", "--backup", backup, "--schema", schema, "--model-id", modelId,
                "--version", Integer.toString(version));
    }

    /** The libpq variables naming the server, role and database (the password comes from a Secret). */
    public static Map<String, String> connection(String host, int port, String user, String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(HOST, host);
        env.put(PORT, Integer.toString(port));
        env.put(USER, user);
        env.put(DATABASE, database);
        return env;
    }
}
