package io.atlas.inference.model;

import com.google.protobuf.InvalidProtocolBufferException;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Converts Tribuo classification models to and from the bytes a {@code ModelRelease} carries: Tribuo's protobuf
 * form ({@code Model.serialize()}), which unlike Java serialization loads no arbitrary classes, plus the SHA-256
 * digest the release states for those bytes.
 */
public final class ModelCodec {

    /** The {@code ModelRelease.algorithm} whose bytes are a Tribuo classification model in protobuf form. */
    public static final String ALGORITHM = "logistic-sgd";

    private ModelCodec() {
    }

    public static byte[] toBytes(Model<Label> model) {
        return model.serialize().toByteArray();
    }

    /**
     * Reads a classification model from its protobuf bytes.
     *
     * @throws IllegalArgumentException when the bytes are not a Tribuo model or not a classification model
     */
    public static Model<Label> fromBytes(byte[] bytes) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Tribuo model protobuf: " + e.getMessage(), e);
        }
        Model<?> model;
        try {
            model = Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Tribuo cannot load the model: " + e.getMessage(), e);
        }
        if (!model.validate(Label.class)) {
            throw new IllegalArgumentException("not a classification (Label) model: " + model.getClass().getName());
        }
        return model.castModel(Label.class);
    }

    /** SHA-256 of {@code bytes}, lower-case hex, as {@code ModelRelease.digest} states it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
