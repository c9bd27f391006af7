package io.atlas.ingest.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;
import io.atlas.ingest.cdc.CdcTestDatabase;
import io.atlas.ingest.cdc.Schema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of the model_releases table on the real PostgreSQL: a version never gets a second meaning. */
class ModelReleasesTest {

    private static final List<String> FEATURES = List.of("imbalance", "spread_ticks");

    private CdcTestDatabase db;
    private ModelReleases releases;

    @BeforeEach
    void migrate() {
        db = new CdcTestDatabase("releases");
        Schema.migrate(db.target, db.name);
        releases = new ModelReleases(db.target);
    }

    @AfterEach
    void drop() throws SQLException {
        db.drop();
    }

    @Test
    void shouldRefuseToPublishAVersionTakenByOtherBytesNamingBothDigests() throws Exception {
        releases.publish(release("m", null, "first model", false));

        assertThatThrownBy(() -> releases.publish(release("m", 1, "second model", true)))
                .isInstanceOf(ReleaseConflictException.class)
                .hasMessageContaining("m v1 is already released with sha256 " + digest("first model"))
                .hasMessageContaining("this model's sha256 is " + digest("second model"))
                .hasMessageContaining("publish without --version to release it as v2");
        assertThat(rows("m")).containsExactly("1 ACTIVE " + digest("first model"));
    }

    @Test
    void shouldRefuseToPublishTheSameModelAgainUnderItsVersion() throws Exception {
        releases.publish(release("m", null, "first model", true));

        assertThatThrownBy(() -> releases.publish(release("m", 1, "first model", false)))
                .isInstanceOf(ReleaseConflictException.class)
                .hasMessageContaining("m v1 already holds this model (sha256 " + digest("first model") + ", SHADOW)");
    }

    @Test
    void shouldNumberNewReleasesAboveDeletedVersions() throws Exception {
        releases.publish(release("m", null, "first model", false));
        db.execute("DELETE FROM model_releases WHERE model_id = 'm'");

        assertThat(releases.publish(release("m", null, "second model", false))).isEqualTo(2);
        assertThatThrownBy(() -> releases.publish(release("m", 1, "third model", false)))
                .isInstanceOf(ReleaseConflictException.class).hasMessageContaining(digest("first model"));
        // The very bytes v1 had may come back under v1 (a restore): its meaning is unchanged.
        releases.publish(release("m", 1, "first model", true));
        assertThat(rows("m")).containsExactly("1 SHADOW " + digest("first model"),
                "2 ACTIVE " + digest("second model"));
    }

    @Test
    void shouldHaveTheDatabaseRefuseAVersionReusedForOtherBytesByAnyWriter() throws Exception {
        releases.publish(release("m", null, "first model", false));
        db.execute("DELETE FROM model_releases WHERE model_id = 'm'");

        assertThatThrownBy(() -> insert("m", 1, "other model"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"))
                .hasMessageContaining("release m v1 was released with digest " + digest("first model")
                        + "; it cannot be reused for digest " + digest("other model"));
        insert("m", 1, "first model");
        assertThat(rows("m")).containsExactly("1 SHADOW " + digest("first model"));
    }

    @Test
    void shouldHaveTheDatabaseRefuseRewritingAReleasesBytes() throws Exception {
        releases.publish(release("m", null, "first model", false));

        assertThatThrownBy(() -> db.execute("UPDATE model_releases SET model = ?, digest = ? WHERE model_id = 'm'",
                "other model".getBytes(StandardCharsets.UTF_8), digest("other model")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("release m v1 (digest " + digest("first model") + ") cannot be rewritten");
        assertThatThrownBy(() -> db.execute("UPDATE model_releases SET version = 7 WHERE model_id = 'm'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("a release keeps its model id and version");
        db.execute("UPDATE model_releases SET status = 'RETIRED', metrics = '{\"auc\": 0.7}' WHERE model_id = 'm'");
        assertThat(rows("m")).containsExactly("1 RETIRED " + digest("first model"));
    }

    @Test
    void shouldGiveConcurrentPublishersOfOneModelDistinctVersions() throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> publishes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String bytes = "model " + i;
                publishes.add(() -> releases.publish(release("m", null, bytes, true)));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> version : publishers.invokeAll(publishes, 60, TimeUnit.SECONDS)) {
                versions.add(version.get());
            }
            assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            publishers.shutdownNow();
        }
    }

    @Test
    void shouldReleaseAProposedModelOnlyWhileTheModelHasNoActiveRelease() throws Exception {
        assertThat(releases.releaseProposal(proposal("m", "trained at first start")))
                .isEqualTo(new ProposalOutcome(ProposalOutcome.Kind.RELEASED, 1,
                        "m v1 ACTIVE (sha256 " + digest("trained at first start") + ")"));
        assertThat(releases.releaseProposal(proposal("m", "trained at first start")).kind())
                .isEqualTo(ProposalOutcome.Kind.ALREADY_RELEASED);
        assertThat(releases.releaseProposal(proposal("m", "trained by a second scorer")))
                .extracting(ProposalOutcome::kind, ProposalOutcome::version)
                .containsExactly(ProposalOutcome.Kind.NOT_NEEDED, 1);

        releases.retire("m", 1);
        assertThat(releases.releaseProposal(proposal("m", "trained at first start")).kind())
                .as("bytes once released are never released again").isEqualTo(ProposalOutcome.Kind.ALREADY_RELEASED);
        assertThat(releases.releaseProposal(proposal("m", "trained by a second scorer")))
                .extracting(ProposalOutcome::kind, ProposalOutcome::version)
                .containsExactly(ProposalOutcome.Kind.RELEASED, 2);
        assertThat(rows("m")).containsExactly("1 RETIRED " + digest("trained at first start"),
                "2 ACTIVE " + digest("trained by a second scorer"));
    }

    @Test
    void shouldRefuseAProposalWhoseBytesDoNotHashToItsDigest() throws Exception {
        ModelRelease tampered = proposal("m", "trained at first start");
        tampered.setModel(ByteBuffer.wrap("something else".getBytes(StandardCharsets.UTF_8)));

        assertThat(releases.releaseProposal(tampered).kind()).isEqualTo(ProposalOutcome.Kind.INVALID);
        assertThat(rows("m")).isEmpty();
    }

    @Test
    void shouldRememberTheVersionsOfADatabaseMigratedFromTheFirstSchema() throws Exception {
        CdcTestDatabase old = new CdcTestDatabase("releases_v1");
        try {
            Flyway.configure().dataSource(old.target.jdbcUrl(), old.target.user(), old.target.password())
                    .schemas(old.name).defaultSchema(old.name).createSchemas(true)
                    .locations("classpath:db/migration").placeholders(Map.of("publication", old.name))
                    .target("1").load().migrate();
            old.execute("INSERT INTO model_releases (model_id, version, algorithm, features, model, digest) "
                    + "VALUES ('m', 1, 'logistic-sgd', ARRAY['imbalance'], ?, ?)",
                    "deployed model".getBytes(StandardCharsets.UTF_8), digest("deployed model"));
            Schema.migrate(old.target, old.name);
            old.execute("DELETE FROM model_releases WHERE model_id = 'm'");

            ModelReleases upgraded = new ModelReleases(old.target);
            assertThatThrownBy(() -> upgraded.publish(release("m", 1, "new model", false)))
                    .isInstanceOf(ReleaseConflictException.class).hasMessageContaining(digest("deployed model"));
            assertThat(upgraded.publish(release("m", null, "new model", false))).isEqualTo(2);
        } finally {
            old.drop();
        }
    }

    private static NewRelease release(String modelId, Integer version, String bytes, boolean shadow) {
        return new NewRelease(modelId, version, "logistic-sgd", FEATURES, 1, bytes.getBytes(StandardCharsets.UTF_8),
                Map.of("auc", 0.6), shadow);
    }

    private static ModelRelease proposal(String modelId, String bytes) {
        return ModelRelease.newBuilder()
                .setModelId(modelId).setVersion(0).setAlgorithm("logistic-sgd").setFeatures(FEATURES)
                .setHorizonTicks(1).setModel(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.UTF_8)))
                .setDigest(digest(bytes)).setStatus(ReleaseStatus.ACTIVE).setCreatedAtMicros(0)
                .setMetrics(Map.of("auc_up_vs_down", 0.74))
                .build();
    }

    private static String digest(String bytes) {
        return ModelReleases.sha256(bytes.getBytes(StandardCharsets.UTF_8));
    }

    private void insert(String modelId, int version, String bytes) throws SQLException {
        db.execute("INSERT INTO model_releases (model_id, version, algorithm, features, model, digest) "
                + "VALUES (?, ?, 'logistic-sgd', ARRAY['imbalance'], ?, ?)", modelId, version,
                bytes.getBytes(StandardCharsets.UTF_8), digest(bytes));
    }

    /** "version STATUS digest" of every row of the model, by version. */
    private List<String> rows(String modelId) throws SQLException {
        try (Connection connection = db.target.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT version, status, digest FROM model_releases WHERE model_id = ? ORDER BY version")) {
            select.setString(1, modelId);
            List<String> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getInt(1) + " " + row.getString(2) + " " + row.getString(3));
                }
            }
            return rows;
        }
    }
}
