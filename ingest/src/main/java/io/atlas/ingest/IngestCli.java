package io.atlas.ingest;

import io.atlas.ingest.admin.InstrumentsCommand;
import io.atlas.ingest.admin.ReleaseCommand;
import io.atlas.ingest.bridge.BridgeCommand;
import io.atlas.ingest.cdc.CdcCommand;
import io.atlas.ingest.replay.ReplayCommand;
import io.atlas.ingest.simulate.SimulateCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ingest command line: one command per source of ticks or reference data, each a process of its own
 * ({@code ./atlas up} starts the long-running ones).
 */
@Command(name = "atlas-ingest", mixinStandardHelpOptions = true,
        description = "Gets ticks and reference data into Atlas's Kafka topics.",
        subcommands = {BridgeCommand.class, CdcCommand.class, InstrumentsCommand.class, ReleaseCommand.class,
                SimulateCommand.class, ReplayCommand.class})
public final class IngestCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestCli()).execute(args));
    }
}
