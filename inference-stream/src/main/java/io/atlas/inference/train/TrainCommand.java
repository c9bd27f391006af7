package io.atlas.inference.train;

import io.atlas.events.MarketTick;
import io.atlas.events.ReleaseStatus;
import io.atlas.ops.KafkaConnection;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code train}: reads ticks from a file or a topic range, labels and featurizes them with the stream's own code,
 * trains a logistic regression, evaluates it on the held-out tail against the naive baseline, prints the report and
 * saves the model with its provenance and its release file. Publishing is PostgreSQL's: ingest's
 * {@code release publish --release FILE.release} numbers and inserts it, and CDC carries it to the scorers.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate a tick-direction model; save it with a release file to publish.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--input", paramLabel = "FILE",
                description = "Ticks as JSON lines (EdgeJson MarketTick objects) or, for *.csv, CSV with a header of "
                        + "MarketTick field names.")
        Path file;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "Read ticks from this topic, e.g. atlas.ticks.")
        String topic;
    }

    @Option(names = "--bootstrap", defaultValue = "${env:ATLAS_KAFKA_BOOTSTRAP}",
            description = "Kafka bootstrap servers for --topic (default: $ATLAS_KAFKA_BOOTSTRAP).")
    String bootstrap;

    @Option(names = "--client-config", defaultValue = "${env:ATLAS_KAFKA_CLIENT_CONFIG}",
            description = "Kafka client properties file (TLS, SASL).")
    String clientConfig;

    @Option(names = "--from-offset", defaultValue = "0", description = "First offset read in each partition.")
    long fromOffset;

    @Option(names = "--max-records", defaultValue = "1000000", description = "At most this many ticks from --topic.")
    long maxRecords;

    @Option(names = "--horizon", defaultValue = "1", description = "Ticks ahead the label looks (default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--tick-size", defaultValue = "0.01",
            description = "Tick size of symbols without an instrument record (file input: of all symbols).")
    double tickSize;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Held-out tail, time-ordered.")
    double testFraction;

    @Option(names = "--epochs", defaultValue = "3", description = "SGD passes over the training rows.")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "SGD shuffle seed.")
    long seed;

    @Option(names = "--signal-strength", paramLabel = "K",
            description = "Planted signal strength k of simulated data; adds the best achievable AUC to the report.")
    Double signalStrength;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Save the model (Tribuo protobuf) here, plus FILE.provenance.txt and FILE.release, the "
                    + "release to publish with atlas-ingest release publish --release FILE.release.")
    Path output;

    @Option(names = "--model-id", defaultValue = "tick-direction",
            description = "Model id the release file names (default ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "Bound on each Kafka operation (ISO-8601).")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        double k = signalStrength == null ? Double.NaN : signalStrength;
        TrainingPipeline pipeline = new TrainingPipeline(horizon, testFraction, epochs, seed, k);
        List<MarketTick> ticks;
        Map<String, Double> tickSizes = new HashMap<>();
        String source;
        if (input.file != null) {
            ticks = TickFiles.read(input.file);
            source = "file " + input.file.toAbsolutePath();
        } else {
            Map<String, Object> settings = kafka();
            tickSizes.putAll(TopicTicks.tickSizes(settings, timeout));
            ticks = TopicTicks.read(settings, input.topic, fromOffset, maxRecords, timeout);
            source = "topic " + input.topic + " from offset " + fromOffset;
        }
        out.printf(Locale.ROOT, "Read %d ticks from %s%n", ticks.size(), source);
        TrainingPipeline.Result result = pipeline.run(ticks, symbol -> tickSizes.getOrDefault(symbol, tickSize),
                source);
        out.printf(Locale.ROOT, "Trained logistic regression (SGD, %d epochs) in %.2f s, horizon %d tick(s)%n",
                epochs, result.trainSeconds(), horizon);
        out.print(result.report().render());
        out.println("model sha-256 " + result.digest() + " (" + result.bytes().length + " bytes)");
        if (output != null) {
            result.model().serializeToFile(output);
            Path provenance = output.resolveSibling(output.getFileName() + ".provenance.txt");
            Files.writeString(provenance, provenance(source, ticks.size(), result), StandardCharsets.UTF_8);
            Path release = output.resolveSibling(output.getFileName() + TrainedRelease.FILE_SUFFIX);
            TrainedRelease.write(release, TrainedRelease.of(modelId, ReleaseStatus.SHADOW, horizon, result));
            out.println("saved " + output + ", " + provenance + " and " + release);
            out.println("publish it with: release publish --release " + release + " [--shadow]   (./atlas admin "
                    + "on the local run, atlas-ingest elsewhere)");
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> kafka() {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--bootstrap (or " + KafkaConnection.BOOTSTRAP + ") is required to read a topic");
        }
        Map<String, Object> settings = KafkaConnection.readProperties(clientConfig);
        settings.put("bootstrap.servers", bootstrap);
        return settings;
    }

    private String provenance(String source, int ticks, TrainingPipeline.Result result) {
        StringBuilder text = new StringBuilder();
        text.append("trained_at=").append(Instant.now()).append('\n');
        text.append("source=").append(source).append('\n');
        text.append("ticks=").append(ticks).append('\n');
        text.append("horizon_ticks=").append(horizon).append('\n');
        text.append("algorithm=").append(io.atlas.inference.model.ModelCodec.ALGORITHM).append('\n');
        text.append("features=").append(String.join(",", io.atlas.inference.features.FeatureVector.NAMES))
                .append('\n');
        text.append("sha256=").append(result.digest()).append('\n');
        result.report().asMetrics().forEach((name, value) -> text.append("metric.").append(name).append('=')
                .append(value).append('\n'));
        text.append("tribuo_provenance=").append(result.model().getProvenance().toString().replace('\n', ' '))
                .append('\n');
        return text.toString();
    }
}
