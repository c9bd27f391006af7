package io.atlas.inference.stream;

import io.atlas.events.Prediction;
import io.atlas.inference.features.SymbolFeatures;
import io.atlas.schemas.serde.AvroSerde;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link SymbolState} in the feature store and its changelog: the fixed-size feature state,
 * then the pending predictions, each as its due count and its Avro single-object encoding.
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + state.pending.size() * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            state.features.writeTo(out);
            out.writeInt(state.pending.size());
            for (SymbolState.Pending pending : state.pending) {
                out.writeLong(pending.dueAt());
                byte[] encoded = PREDICTIONS.encode(pending.prediction());
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write symbol state", e);
        }
        return bytes.toByteArray();
    }

    static SymbolState read(String topic, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            SymbolFeatures features = SymbolFeatures.readFrom(in);
            int count = in.readInt();
            List<SymbolState.Pending> pending = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long dueAt = in.readLong();
                byte[] encoded = new byte[in.readInt()];
                in.readFully(encoded);
                pending.add(new SymbolState.Pending(dueAt, PREDICTIONS.decode(topic, -1, -1, encoded)));
            }
            return new SymbolState(features, pending);
        } catch (IOException e) {
            throw new SerializationException("corrupt symbol state in " + topic, e);
        }
    }
}
