package io.atlas.perf.bench;

import io.atlas.inference.stream.InferenceConfig;
import io.atlas.ops.KafkaConnection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The bare Kafka Streams baseline of the scorer: copies records unchanged from one topic to another (no features, no
 * model) with the scorer's own Streams settings (its defaults for commit interval and threads) at a given processing
 * guarantee, in a JVM of its own so that its CPU is its own. Runs until the JVM is stopped.
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

    /** The scorer's settings for {@code guarantee}, under the application id {@code group}. */
    static Properties properties(String bootstrap, String group, String guarantee, String stateDir) {
        InferenceConfig scorer = new InferenceConfig(Map.of(KafkaConnection.BOOTSTRAP, bootstrap,
                InferenceConfig.PROCESSING_GUARANTEE, guarantee, InferenceConfig.STATE_DIR, stateDir));
        Properties properties = new Properties();
        properties.putAll(scorer.clientSettings());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, scorer.processingGuarantee());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, scorer.commitIntervalMs());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, scorer.numThreads());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, scorer.stateDir());
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return properties;
    }

    /** Arguments: bootstrap servers, input topic, output topic, application id, guarantee, state folder. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: StreamsPassthrough <bootstrap> <from> <to> <application-id> <guarantee> <state-dir>");
        }
        KafkaStreams streams = new KafkaStreams(topology(args[1], args[2]),
                properties(args[0], args[3], args[4], args[5]));
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
