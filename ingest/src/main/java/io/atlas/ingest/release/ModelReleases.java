package io.atlas.ingest.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atlas.events.ModelRelease;
import io.atlas.ingest.cdc.PgTarget;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Changes the {@code model_releases} table the one way every release takes, whoever asks (an operator's admin
 * command, a scorer's proposed first model): publish, activate, retire, roll back. CDC carries each change to
 * {@code atlas.model-releases}; nothing here touches Kafka.
 *
 * <p>A release is its (model id, version) and its bytes for good. New versions are numbered above every version the
 * model ever had ({@code model_release_versions}, which keeps deleted ones too), and a version asked for by number is
 * refused when it is taken ({@link ReleaseConflictException}, naming both digests); the table's trigger refuses the
 * same for any other writer. Every operation is one transaction holding the model's advisory lock, so two
 * publishers of one model never pick the same number and CDC sees each change whole.
 */
public final class ModelReleases {

    /** First key of the per-model advisory locks: the second is the model id's hash. */
    private static final String LOCK_SPACE = "atlas.model_releases";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PgTarget target;

    public ModelReleases(PgTarget target) {
        this.target = target;
    }

    /**
     * Inserts a release: SHADOW, or ACTIVE retiring the model's current ACTIVE release in the same transaction.
     *
     * @return the version inserted (the next free one when none is asked for)
     * @throws ReleaseConflictException when the version asked for is taken, by other bytes or by these
     */
    public int publish(NewRelease release) throws SQLException, ReleaseConflictException {
        String digest = sha256(release.model());
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                lock(c, release.modelId());
                int version = release.version() != null ? release.version() : nextVersion(c, release.modelId());
                if (release.version() != null) {
                    refuseTaken(c, release.modelId(), version, digest);
                }
                if (!release.shadow()) {
                    retireActive(c, release.modelId());
                }
                insert(c, release.modelId(), version, release.algorithm(), release.features(), release.horizonTicks(),
                        release.model(), digest, release.shadow() ? "SHADOW" : "ACTIVE", release.metrics());
                c.commit();
                return version;
            } catch (SQLException | ReleaseConflictException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Releases a model a service trained and proposes as the first ACTIVE release of its model id (inference-stream's
     * first-start training): inserted as the model's next version, ACTIVE, unless the model already has an ACTIVE
     * release or a version holding these bytes. The proposal's version and status are not used.
     */
    public ProposalOutcome releaseProposal(ModelRelease proposal) throws SQLException {
        String modelId = proposal.getModelId();
        if (proposal.getModel() == null) {
            return new ProposalOutcome(ProposalOutcome.Kind.INVALID, 0, "it carries no model bytes");
        }
        byte[] bytes = bytes(proposal.getModel());
        String digest = sha256(bytes);
        if (!digest.equalsIgnoreCase(proposal.getDigest())) {
            return new ProposalOutcome(ProposalOutcome.Kind.INVALID, 0, "its bytes hash to " + digest
                    + " but it states " + proposal.getDigest());
        }
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                lock(c, modelId);
                Integer same = queryInt(c, "SELECT min(version) FROM model_release_versions WHERE model_id = ? "
                        + "AND digest = ?", modelId, digest);
                if (same != null) {
                    c.rollback();
                    return new ProposalOutcome(ProposalOutcome.Kind.ALREADY_RELEASED, same,
                            modelId + " v" + same + " holds these bytes (sha256 " + digest + ")");
                }
                Integer active = activeVersion(c, modelId);
                if (active != null) {
                    c.rollback();
                    return new ProposalOutcome(ProposalOutcome.Kind.NOT_NEEDED, active,
                            modelId + " v" + active + " is ACTIVE");
                }
                int version = nextVersion(c, modelId);
                insert(c, modelId, version, proposal.getAlgorithm(), proposal.getFeatures(),
                        proposal.getHorizonTicks(), bytes, digest, "ACTIVE", proposal.getMetrics());
                c.commit();
                return new ProposalOutcome(ProposalOutcome.Kind.RELEASED, version,
                        modelId + " v" + version + " ACTIVE (sha256 " + digest + ")");
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes a release ACTIVE, retiring the model's current ACTIVE one in the same transaction. */
    public void activate(String modelId, int version) throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                lock(c, modelId);
                retireActive(c, modelId);
                setStatus(c, modelId, version, "ACTIVE");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes a release RETIRED. */
    public void retire(String modelId, int version) throws SQLException {
        try (Connection c = target.connect()) {
            setStatus(c, modelId, version, "RETIRED");
        }
    }

    /**
     * Retires the ACTIVE release and activates the newest earlier version, in one transaction.
     *
     * @return the version now ACTIVE
     */
    public int rollback(String modelId) throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try {
                lock(c, modelId);
                Integer active = activeVersion(c, modelId);
                if (active == null) {
                    throw new IllegalStateException("model " + modelId + " has no ACTIVE release to roll back");
                }
                Integer previous = queryInt(c, "SELECT max(version) FROM model_releases WHERE model_id = ? "
                        + "AND version < " + active, modelId);
                if (previous == null) {
                    throw new IllegalStateException("model " + modelId + " has no release before v" + active);
                }
                setStatus(c, modelId, active, "RETIRED");
                setStatus(c, modelId, previous, "ACTIVE");
                c.commit();
                return previous;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** SHA-256 of {@code bytes}, lower-case hex, as a release's digest states it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Refuses a version that is taken: by other bytes (never reused), or by these bytes in a row that exists. */
    private static void refuseTaken(Connection c, String modelId, int version, String digest)
            throws SQLException, ReleaseConflictException {
        String taken;
        try (PreparedStatement select = c.prepareStatement("SELECT v.digest, r.status FROM model_release_versions v "
                + "LEFT JOIN model_releases r USING (model_id, version) WHERE v.model_id = ? AND v.version = ?")) {
            select.setString(1, modelId);
            select.setInt(2, version);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return;
                }
                taken = row.getString(1);
                String status = row.getString(2);
                if (taken.equals(digest) && status == null) {
                    // Its row was deleted: putting the same bytes back under the same version changes no meaning.
                    return;
                }
                if (taken.equals(digest)) {
                    throw new ReleaseConflictException(modelId + " v" + version + " already holds this model (sha256 "
                            + digest + ", " + status + "): nothing published; change its status with release "
                            + "activate or retire");
                }
            }
        }
        throw new ReleaseConflictException(modelId + " v" + version + " is already released with sha256 " + taken
                + "; this model's sha256 is " + digest + ". A version is never reused with other bytes: publish "
                + "without --version to release it as v" + nextVersion(c, modelId));
    }

    private static void lock(Connection c, String modelId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
            lock.setString(1, LOCK_SPACE);
            lock.setString(2, modelId);
            lock.execute();
        }
    }

    private static void insert(Connection c, String modelId, int version, String algorithm, List<String> features,
                               int horizonTicks, byte[] model, String digest, String status,
                               Map<String, Double> metrics) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO model_releases (model_id, version, "
                + "algorithm, features, horizon_ticks, model, digest, status, metrics) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            insert.setString(1, modelId);
            insert.setInt(2, version);
            insert.setString(3, algorithm);
            insert.setArray(4, c.createArrayOf("text", features.toArray()));
            insert.setInt(5, horizonTicks);
            insert.setBytes(6, model);
            insert.setString(7, digest);
            insert.setString(8, status);
            insert.setString(9, json(metrics));
            insert.executeUpdate();
        }
    }

    private static void retireActive(Connection c, String modelId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE model_releases SET status = 'RETIRED' WHERE model_id = ? AND status = 'ACTIVE'")) {
            update.setString(1, modelId);
            update.executeUpdate();
        }
    }

    private static void setStatus(Connection c, String modelId, int version, String status) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE model_releases SET status = ? WHERE model_id = ? AND version = ?")) {
            update.setString(1, status);
            update.setString(2, modelId);
            update.setInt(3, version);
            if (update.executeUpdate() != 1) {
                throw new IllegalArgumentException("no release " + modelId + " v" + version);
            }
        }
    }

    private static Integer activeVersion(Connection c, String modelId) throws SQLException {
        return queryInt(c, "SELECT version FROM model_releases WHERE model_id = ? AND status = 'ACTIVE'", modelId);
    }

    /** One above every version the model ever had, deleted ones included. */
    private static int nextVersion(Connection c, String modelId) throws SQLException {
        Integer max = queryInt(c, "SELECT max(version) FROM model_release_versions WHERE model_id = ?", modelId);
        return max == null ? 1 : max + 1;
    }

    private static Integer queryInt(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                select.setString(i + 1, params[i]);
            }
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                int value = r.getInt(1);
                return r.wasNull() ? null : value;
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static String json(Map<String, Double> metrics) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metrics));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unwritable metrics " + metrics, e);
        }
    }
}
