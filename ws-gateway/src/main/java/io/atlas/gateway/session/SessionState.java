package io.atlas.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atlas.gateway.protocol.ModelKind;
import io.atlas.gateway.protocol.Request;
import io.atlas.gateway.protocol.SymbolPattern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a resumable session is: its subscriptions and, per partition of the predictions topic, the offset of the last
 * data frame written to the client. Stored as a small JSON document; saved periodically, not per message.
 */
public record SessionState(List<Request.Subscribe> subscriptions, Map<Integer, Long> positions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SessionState {
        subscriptions = List.copyOf(subscriptions);
        positions = Map.copyOf(positions);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode subs = root.putArray("subscriptions");
        for (Request.Subscribe s : subscriptions) {
            ObjectNode sub = subs.addObject();
            sub.put("id", s.id());
            ArrayNode patterns = sub.putArray("patterns");
            s.patterns().forEach(p -> patterns.add(p.toString()));
            sub.put("maxRate", s.maxRate());
            ArrayNode models = sub.putArray("models");
            s.models().forEach(m -> models.add(m.wireName()));
        }
        ObjectNode pos = root.putObject("positions");
        positions.forEach((p, o) -> pos.put(p.toString(), o));
        return root.toString();
    }

    public static SessionState fromJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<Request.Subscribe> subs = new ArrayList<>();
            for (JsonNode sub : root.path("subscriptions")) {
                List<SymbolPattern> patterns = new ArrayList<>();
                for (JsonNode p : sub.path("patterns")) {
                    SymbolPattern pattern = SymbolPattern.parse(p.asText());
                    if (pattern != null) {
                        patterns.add(pattern);
                    }
                }
                Set<ModelKind> models = EnumSet.noneOf(ModelKind.class);
                for (JsonNode m : sub.path("models")) {
                    ModelKind kind = ModelKind.fromWire(m.asText());
                    if (kind != null) {
                        models.add(kind);
                    }
                }
                subs.add(new Request.Subscribe(sub.path("id").asText(), patterns, sub.path("maxRate").asDouble(),
                        models));
            }
            Map<Integer, Long> positions = new HashMap<>();
            root.path("positions").fields().forEachRemaining(e ->
                    positions.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
            return new SessionState(subs, positions);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored session is not valid JSON", e);
        }
    }
}
