-- Reference data and model releases that Debezium streams into atlas.instruments and atlas.model-releases.
-- Column names map one to one onto the Avro fields of io.atlas.events.Instrument and ModelRelease (snake_case).
-- ${publication} is a Flyway placeholder (ATLAS_CDC_PUBLICATION, default atlas_cdc).

CREATE TABLE instruments (
    symbol        text             PRIMARY KEY CHECK (length(btrim(symbol)) > 0),
    venue         text             NOT NULL CHECK (length(btrim(venue)) > 0),
    tick_size     double precision NOT NULL CHECK (tick_size > 0),
    currency      char(3)          NOT NULL,
    status        text             NOT NULL DEFAULT 'TRADING' CHECK (status IN ('TRADING', 'HALTED', 'CLOSED')),
    lot_size      double precision NOT NULL CHECK (lot_size > 0),
    description   text,
    updated_at    timestamptz      NOT NULL DEFAULT clock_timestamp()
);

-- One row per release; the topic keeps the latest event per model_id.
CREATE TABLE model_releases (
    model_id      text             NOT NULL CHECK (length(btrim(model_id)) > 0),
    version       integer          NOT NULL CHECK (version > 0),
    algorithm     text             NOT NULL,
    features      text[]           NOT NULL,
    horizon_ticks integer          NOT NULL DEFAULT 1 CHECK (horizon_ticks > 0),
    model         bytea,
    digest        text             NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    location      text,
    status        text             NOT NULL DEFAULT 'SHADOW' CHECK (status IN ('ACTIVE', 'SHADOW', 'RETIRED')),
    created_at    timestamptz      NOT NULL DEFAULT clock_timestamp(),
    metrics       jsonb            NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (model_id, version),
    CHECK (model IS NOT NULL OR location IS NOT NULL)
);

-- At most one ACTIVE release per model: activating another one must retire the current one first.
CREATE UNIQUE INDEX model_releases_one_active ON model_releases (model_id) WHERE status = 'ACTIVE';

-- updated_at follows every change, so the Instrument's updatedAtMicros is when the row last changed.
CREATE FUNCTION instruments_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END;
$$;

CREATE TRIGGER instruments_touch BEFORE UPDATE ON instruments FOR EACH ROW EXECUTE FUNCTION instruments_touch();

CREATE PUBLICATION ${publication} FOR TABLE instruments, model_releases;
