package io.atlas.inference.stream;

import io.atlas.events.Prediction;
import io.atlas.inference.features.SymbolFeatures;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link SymbolState} in the feature store and its changelog: the fixed-size feature state,
 * then the count of pending predictions, each as its due count, length and Avro single-object encoding (the bytes
 * the prediction was written to its topic with, copied, not encoded again). Big-endian, written into one array of
 * the exact size.
 */
final class SymbolStateSerde implements Serde<SymbolState> {

    private static final AvroSerde<Prediction> PREDICTIONS = ContractSerdes.prediction();

    @Override
    public Serializer<SymbolState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<SymbolState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    static byte[] write(SymbolState state) {
        int size = SymbolFeatures.BYTES + Integer.BYTES;
        for (SymbolState.Pending pending : state.pending) {
            size += Long.BYTES + Integer.BYTES + pending.encoded().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        state.features.writeTo(out);
        out.putInt(state.pending.size());
        for (SymbolState.Pending pending : state.pending) {
            out.putLong(pending.dueAt());
            out.putInt(pending.encoded().length);
            out.put(pending.encoded());
        }
        return out.array();
    }

    static SymbolState read(String topic, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            SymbolFeatures features = SymbolFeatures.readFrom(in);
            int count = in.getInt();
            List<SymbolState.Pending> pending = new ArrayList<>(Math.min(count, in.remaining()));
            for (int i = 0; i < count; i++) {
                long dueAt = in.getLong();
                byte[] encoded = new byte[in.getInt()];
                in.get(encoded);
                pending.add(new SymbolState.Pending(dueAt, PREDICTIONS.decode(topic, -1, -1, encoded), encoded));
            }
            return new SymbolState(features, pending);
        } catch (IllegalArgumentException | BufferUnderflowException | NegativeArraySizeException e) {
            throw new SerializationException("corrupt symbol state in " + topic + ": " + e, e);
        }
    }
}
