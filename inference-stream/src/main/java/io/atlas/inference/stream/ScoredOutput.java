package io.atlas.inference.stream;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * One record the scorer writes, already encoded: the topic it goes to and its value bytes, and whether it is the
 * symbol's new live value (a live prediction, also the latest value for {@code atlas.predictions.last}). Encoding in
 * the processor lets one encoding serve the prediction topic, the last-value table and the pending state, and one
 * sink route every output by its topic.
 */
record ScoredOutput(String topic, byte[] value, boolean lastValue) {

    /** Routes each output to its topic. */
    static final TopicNameExtractor<byte[], ScoredOutput> TOPIC = (symbol, output, context) -> output.topic();

    /** Writes an output's bytes as they are; outputs are only ever written. */
    static final Serde<ScoredOutput> VALUE = new Serde<>() {
        @Override
        public Serializer<ScoredOutput> serializer() {
            return (topic, output) -> output == null ? null : output.value();
        }

        @Override
        public Deserializer<ScoredOutput> deserializer() {
            return (topic, bytes) -> {
                throw new UnsupportedOperationException("scored outputs are written, never read back");
            };
        }
    };
}
