package io.atlas.ingest.bridge;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code atlas-ingest bridge}: runs the validating bridge until SIGTERM; configured by environment variables. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Validates raw JSON ticks (atlas.ticks.raw) into Avro ticks (atlas.ticks) or dead letters "
                + "(atlas.dead-letters), exactly once. Configured by ATLAS_* environment variables (see README).")
public final class BridgeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        BridgeService service = BridgeService.start(new BridgeConfig(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "bridge-shutdown"));
        return service.awaitStopped() ? 0 : 1;
    }
}
