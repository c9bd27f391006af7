-- A release is named by (model_id, version) everywhere downstream: the scorers' loaded models, the metrics and
-- hit rates kept per version, every prediction's modelVersion, a rollback's target. So a version, once used, keeps
-- its bytes for good: never reused with another digest, not even after its row was deleted, and never rewritten in
-- place. model_release_versions remembers every (model_id, version) ever inserted with its digest; it is not in the
-- CDC publication (nothing downstream reads it) and the admin commands number new releases above it.
CREATE TABLE model_release_versions (
    model_id    text        NOT NULL,
    version     integer     NOT NULL,
    digest      text        NOT NULL,
    first_seen  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (model_id, version)
);

INSERT INTO model_release_versions (model_id, version, digest, first_seen)
SELECT model_id, version, digest, created_at FROM model_releases;

CREATE FUNCTION model_releases_keep_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    known text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.model_id IS DISTINCT FROM OLD.model_id OR NEW.version IS DISTINCT FROM OLD.version THEN
            RAISE EXCEPTION 'release % v% cannot become % v%: a release keeps its model id and version',
                OLD.model_id, OLD.version, NEW.model_id, NEW.version
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.digest IS DISTINCT FROM OLD.digest OR NEW.model IS DISTINCT FROM OLD.model
                OR NEW.algorithm IS DISTINCT FROM OLD.algorithm OR NEW.features IS DISTINCT FROM OLD.features
                OR NEW.horizon_ticks IS DISTINCT FROM OLD.horizon_ticks THEN
            RAISE EXCEPTION 'release % v% (digest %) cannot be rewritten: publish a new version instead',
                OLD.model_id, OLD.version, OLD.digest
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    -- Named through the table's own schema: writers need not have it on their search_path (the restore script).
    EXECUTE format('INSERT INTO %I.model_release_versions (model_id, version, digest) VALUES ($1, $2, $3) '
                   'ON CONFLICT (model_id, version) DO NOTHING', TG_TABLE_SCHEMA)
        USING NEW.model_id, NEW.version, NEW.digest;
    EXECUTE format('SELECT digest FROM %I.model_release_versions WHERE model_id = $1 AND version = $2',
                   TG_TABLE_SCHEMA)
        INTO known USING NEW.model_id, NEW.version;
    IF known <> NEW.digest THEN
        RAISE EXCEPTION 'release % v% was released with digest %; it cannot be reused for digest %',
            NEW.model_id, NEW.version, known, NEW.digest
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'model_release_versions_pkey';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER model_releases_keep_versions BEFORE INSERT OR UPDATE ON model_releases
    FOR EACH ROW EXECUTE FUNCTION model_releases_keep_versions();
