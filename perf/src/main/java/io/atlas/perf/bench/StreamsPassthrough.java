package io.atlas.perf.bench;

import io.atlas.inference.stream.InferenceApp;
import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ops.KafkaConnection;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The bare Kafka Streams baseline of the scorer: copies records unchanged from one topic to another (no features, no
 * model) with the scorer's own Streams settings ({@link InferenceApp#streamsProperties}: commit interval, client
 * settings) at a given processing guarantee and thread count, in a JVM of its own so that its CPU is its own. Runs
 * until the JVM is stopped.
 */
public final class StreamsPassthrough {

    private StreamsPassthrough() {
    }

    static Topology topology(String from, String to) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(from, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(to, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    /**
     * The scorer's settings for {@code guarantee} and {@code threads}, under the application id {@code group}, with
     * the client config file the services get ({@code ATLAS_KAFKA_CLIENT_CONFIG}) when this JVM has one.
     */
    static Properties properties(String bootstrap, String group, String guarantee, int threads, String stateDir) {
        Map<String, String> settings = new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, bootstrap,
                InferenceConfig.PROCESSING_GUARANTEE, guarantee, InferenceConfig.NUM_THREADS, Integer.toString(threads),
                InferenceConfig.STATE_DIR, stateDir));
        String clientConfig = System.getenv(KafkaConnection.CLIENT_CONFIG);
        if (clientConfig != null) {
            settings.put(KafkaConnection.CLIENT_CONFIG, clientConfig);
        }
        Properties properties = InferenceApp.streamsProperties(new InferenceConfig(settings));
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        return properties;
    }

    /** Starts a passthrough JVM named {@code name} in the bench, its state under the bench's work folder. */
    static BenchContext.Child start(BenchContext bench, String name, String from, String to, String group,
                                    String guarantee, int threads) throws Exception {
        Path state = bench.logs().resolveSibling("streams-state").resolve(name).toAbsolutePath();
        return bench.start(name, List.of("-Xmx256m", "-XX:+UseG1GC"), System.getProperty("java.class.path"),
                StreamsPassthrough.class.getName(), List.of(bench.kafka().bootstrapServers(), from, to, group,
                        guarantee, Integer.toString(threads), state.toString()), Map.of());
    }

    /** Arguments: bootstrap servers, input topic, output topic, application id, guarantee, threads, state folder. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: StreamsPassthrough <bootstrap> <from> <to> <application-id> "
                    + "<guarantee> <threads> <state-dir>");
        }
        KafkaStreams streams = new KafkaStreams(topology(args[1], args[2]),
                properties(args[0], args[3], args[4], Integer.parseInt(args[5]), args[6]));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }, "streams-passthrough-shutdown"));
        streams.start();
        stopped.await();
        if (streams.state() == KafkaStreams.State.ERROR) {
            System.exit(1);
        }
    }
}
