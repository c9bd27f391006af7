package io.atlas.ingest.admin;

import io.atlas.ingest.cdc.CdcConfig;
import io.atlas.ingest.cdc.PgTarget;
import io.atlas.ops.EnvConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** The admin commands' settings: only the PostgreSQL connection (they change rows; CDC carries the change). */
public final class AdminConfig extends EnvConfig {

    public static final ConfigDef DEFINITION = CdcConfig.definePostgres(new ConfigDef());

    public AdminConfig(Map<String, String> env) {
        super(DEFINITION, env);
    }

    public PgTarget target() {
        return PgTarget.of(getString(CdcConfig.PG_URL), getString(CdcConfig.PG_USER),
                getPassword(CdcConfig.PG_PASSWORD).value(), getString(CdcConfig.PG_SCHEMA));
    }
}
