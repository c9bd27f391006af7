package io.atlas.ingest.cdc;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code atlas-ingest cdc}: streams the instruments and model_releases tables into Kafka, and releases the models
 * proposed on atlas.model-proposals, until SIGTERM.
 */
@Command(name = "cdc", mixinStandardHelpOptions = true,
        description = "Captures the PostgreSQL tables instruments and model_releases with Debezium into "
                + "atlas.instruments and atlas.model-releases, and writes the models proposed on "
                + "atlas.model-proposals into model_releases. Configured by ATLAS_* environment variables (see README).")
public final class CdcCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        CdcService service = CdcService.start(new CdcConfig(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "cdc-shutdown"));
        service.awaitClosed();
        return 0;
    }
}
