package io.atlas.inference.stream;

import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.schemas.serde.ContractSerdes;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link PredictionOutcome}'s single-object encoding around the judged prediction's own encoding, so no
 * prediction is encoded twice. Avro writes a record as its fields in schema order with nothing between them, and an
 * outcome's first field is its prediction: an outcome is the outcome header, the prediction's datum exactly as it
 * was written to {@code atlas.predictions} (its bytes after the prediction header), then the judgement's fields. The
 * layout is checked against the compiled schema when this class loads, and byte for byte against
 * {@code AvroSerde}'s own encoding in its test. One per processor: not thread-safe.
 */
final class OutcomeEncoder {

    private static final List<String> FIELDS = List.of("prediction", "outcomeMid", "realized",
            "outcomeExchangeTimeMicros", "hit", "logLoss", "optimumHit", "optimumLogLoss");
    private static final List<Schema.Type> TYPES = List.of(Schema.Type.RECORD, Schema.Type.DOUBLE,
            Schema.Type.ENUM, Schema.Type.LONG, Schema.Type.BOOLEAN, Schema.Type.DOUBLE, Schema.Type.UNION,
            Schema.Type.UNION);
    /** The branches of the optional optimum fields: null first (their default), then the value. */
    private static final List<Schema> OPTIMUM_HIT = List.of(Schema.create(Schema.Type.NULL),
            Schema.create(Schema.Type.BOOLEAN));
    private static final List<Schema> OPTIMUM_LOG_LOSS = List.of(Schema.create(Schema.Type.NULL),
            Schema.create(Schema.Type.DOUBLE));
    private static final int NULL_BRANCH = 0;
    private static final int VALUE_BRANCH = 1;
    private static final byte[] HEADER = ContractSerdes.predictionOutcome().header();
    private static final int PREDICTION_HEADER = ContractSerdes.prediction().header().length;

    static {
        List<Schema.Field> fields = PredictionOutcome.getClassSchema().getFields();
        if (!fields.stream().map(Schema.Field::name).toList().equals(FIELDS)
                || !fields.stream().map(f -> f.schema().getType()).toList().equals(TYPES)
                || !fields.get(0).schema().equals(Prediction.getClassSchema())
                || !fields.get(6).schema().getTypes().equals(OPTIMUM_HIT)
                || !fields.get(7).schema().getTypes().equals(OPTIMUM_LOG_LOSS)) {
            throw new IllegalStateException("PredictionOutcome's schema no longer has the layout OutcomeEncoder "
                    + "writes (" + FIELDS + "): update it with the schema");
        }
    }

    private final ByteBufferOutputStream out = new ByteBufferOutputStream(256);
    private BinaryEncoder avro;

    /**
     * The outcome of the prediction encoded as {@code prediction} (its single-object encoding).
     *
     * @param optimumHit     the known optimum's hit, written only with its log-loss
     * @param optimumLogLoss the known optimum's log-loss on this outcome, or NaN when no optimum is known: both
     *                       optimum fields are then null
     */
    byte[] encode(byte[] prediction, double outcomeMid, MoveDirection realized, long outcomeExchangeTimeMicros,
                  boolean hit, double logLoss, boolean optimumHit, double optimumLogLoss) {
        out.position(0);
        out.write(HEADER, 0, HEADER.length);
        out.write(prediction, PREDICTION_HEADER, prediction.length - PREDICTION_HEADER);
        avro = EncoderFactory.get().directBinaryEncoder(out, avro);
        try {
            avro.writeDouble(outcomeMid);
            avro.writeEnum(realized.ordinal());
            avro.writeLong(outcomeExchangeTimeMicros);
            avro.writeBoolean(hit);
            avro.writeDouble(logLoss);
            if (Double.isNaN(optimumLogLoss)) {
                avro.writeIndex(NULL_BRANCH);
                avro.writeIndex(NULL_BRANCH);
            } else {
                avro.writeIndex(VALUE_BRANCH);
                avro.writeBoolean(optimumHit);
                avro.writeIndex(VALUE_BRANCH);
                avro.writeDouble(optimumLogLoss);
            }
        } catch (IOException e) {
            throw new SerializationException("Cannot encode an outcome", e);
        }
        return Arrays.copyOf(out.buffer().array(), out.position());
    }
}
