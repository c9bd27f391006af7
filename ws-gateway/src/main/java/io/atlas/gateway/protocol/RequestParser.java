package io.atlas.gateway.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a client's text frame into a {@link Request}, or a {@link ProtocolException} carrying the error code the
 * client gets. Pure: no I/O, no session state; thread-safe.
 */
public final class RequestParser {

    static final int MAX_ID_LENGTH = 64;
    static final int MAX_TOKEN_LENGTH = 8192;
    static final double MAX_RATE = 1000;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final int maxFrameChars;
    private final int maxSymbolsPerRequest;

    /**
     * @param maxFrameChars        longest text frame accepted, in characters
     * @param maxSymbolsPerRequest most symbols plus patterns in one subscribe
     */
    public RequestParser(int maxFrameChars, int maxSymbolsPerRequest) {
        this.maxFrameChars = maxFrameChars;
        this.maxSymbolsPerRequest = maxSymbolsPerRequest;
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    public Request parse(String frame) throws ProtocolException {
        if (frame.length() > maxFrameChars) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, null,
                    "frame of " + frame.length() + " characters exceeds the limit of " + maxFrameChars);
        }
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, null, "malformed JSON: empty frame");
        }
        if (!root.isObject()) {
            throw new ProtocolException(ErrorCode.NOT_AN_OBJECT, null,
                    "a request must be a JSON object, got " + root.getNodeType().name().toLowerCase());
        }
        JsonNode idNode = root.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_OP, id, "op must be a string");
        }
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.MISSING_ID, null,
                    "id must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
        }
        return switch (op.asText()) {
            case "subscribe" -> subscribe(id, root);
            case "unsubscribe" -> new Request.Unsubscribe(id, requiredString(id, root, "subscription", MAX_ID_LENGTH));
            case "ping" -> new Request.Ping(id);
            case "resume" -> resume(id, root);
            case "auth" -> new Request.Auth(id, requiredString(id, root, "token", MAX_TOKEN_LENGTH));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, id, "unknown op '" + op.asText()
                    + "'; expected subscribe, unsubscribe, ping, resume or auth");
        };
    }

    private Request.Subscribe subscribe(String id, JsonNode root) throws ProtocolException {
        List<String> symbols = stringList(id, root, "symbols");
        List<String> patternTexts = stringList(id, root, "patterns");
        if (symbols.isEmpty() && patternTexts.isEmpty()) {
            throw new ProtocolException(ErrorCode.EMPTY_SUBSCRIPTION, id,
                    "a subscribe needs at least one entry in symbols or patterns");
        }
        if (symbols.size() + patternTexts.size() > maxSymbolsPerRequest) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SYMBOLS, id, "at most " + maxSymbolsPerRequest
                    + " symbols and patterns per subscribe, got " + (symbols.size() + patternTexts.size()));
        }
        List<SymbolPattern> patterns = new ArrayList<>(symbols.size() + patternTexts.size());
        for (String symbol : symbols) {
            SymbolPattern exact = SymbolPattern.exact(symbol);
            if (exact == null) {
                throw new ProtocolException(ErrorCode.BAD_PATTERN, id, "'" + abbreviate(symbol)
                        + "' is not a symbol (1-32 of A-Z a-z 0-9 . _ - /)");
            }
            patterns.add(exact);
        }
        for (String text : patternTexts) {
            SymbolPattern pattern = SymbolPattern.parse(text);
            if (pattern == null) {
                throw new ProtocolException(ErrorCode.BAD_PATTERN, id, "'" + abbreviate(text)
                        + "' is not a pattern: use *, a symbol, PREFIX* or venue:VENUE");
            }
            patterns.add(pattern);
        }
        double maxRate = 0;
        JsonNode rate = root.get("maxRate");
        if (rate != null && !rate.isNull()) {
            if (!rate.isNumber() || !(rate.asDouble() > 0) || rate.asDouble() > MAX_RATE) {
                throw new ProtocolException(ErrorCode.BAD_MAX_RATE, id,
                        "maxRate must be a number of updates per second per symbol, above 0 and at most " + MAX_RATE);
            }
            maxRate = rate.asDouble();
        }
        Set<ModelKind> models = EnumSet.of(ModelKind.ACTIVE);
        if (root.has("models")) {
            List<String> names = stringList(id, root, "models");
            if (names.isEmpty()) {
                throw new ProtocolException(ErrorCode.UNKNOWN_MODEL, id, "models must name active and/or shadow");
            }
            models = EnumSet.noneOf(ModelKind.class);
            for (String name : names) {
                ModelKind kind = ModelKind.fromWire(name);
                if (kind == null) {
                    throw new ProtocolException(ErrorCode.UNKNOWN_MODEL, id,
                            "unknown model kind '" + abbreviate(name) + "'; expected active or shadow");
                }
                models.add(kind);
            }
        }
        return new Request.Subscribe(id, patterns, maxRate, models);
    }

    private Request.Resume resume(String id, JsonNode root) throws ProtocolException {
        String token = requiredString(id, root, "token", MAX_TOKEN_LENGTH);
        Map<Integer, Long> positions = new HashMap<>();
        JsonNode node = root.get("positions");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new ProtocolException(ErrorCode.BAD_POSITIONS, id,
                        "positions must be an object of partition number to offset");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                int partition;
                try {
                    partition = Integer.parseInt(entry.getKey());
                } catch (NumberFormatException e) {
                    partition = -1;
                }
                JsonNode offset = entry.getValue();
                if (partition < 0 || !offset.canConvertToLong() || !offset.isIntegralNumber() || offset.asLong() < 0) {
                    throw new ProtocolException(ErrorCode.BAD_POSITIONS, id, "position '" + abbreviate(entry.getKey())
                            + "' must map a partition number to a non-negative integer offset");
                }
                positions.put(partition, offset.asLong());
            }
        }
        return new Request.Resume(id, token, positions);
    }

    private static String requiredString(String id, JsonNode root, String field, int maxLength)
            throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, id, field + " must be a non-empty string");
        }
        if (node.asText().length() > maxLength) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, id, field + " is longer than " + maxLength);
        }
        return node.asText();
    }

    private static List<String> stringList(String id, JsonNode root, String field) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, id, field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new ProtocolException(ErrorCode.BAD_FIELD, id, field + " must be an array of strings");
            }
            values.add(element.asText());
        }
        return values;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
