package io.atlas.inference;

import io.atlas.inference.stream.RunCommand;
import io.atlas.inference.train.TrainCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The inference-stream entry point: {@code run} starts the Kafka Streams scorer (configured from environment
 * variables), {@code train} trains, evaluates and saves a model with the release file ingest publishes.
 */
@Command(name = "atlas-inference", mixinStandardHelpOptions = true,
        description = "Atlas inference: the streaming scorer and its training CLI.",
        subcommands = {RunCommand.class, TrainCommand.class})
public final class InferenceCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new InferenceCli()).execute(args));
    }
}
