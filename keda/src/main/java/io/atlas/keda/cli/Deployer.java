package io.atlas.keda.cli;

import io.atlas.deploy.StrictSchemas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Compares desired resources with a cluster and applies them: {@code plan} says what {@code apply} would do
 * (create, update, unchanged), {@code apply} does it with create-or-update, never deleting anything.
 */
public final class Deployer {

    /** What applying one resource would do. */
    public enum Action {
        CREATE, UPDATE, UNCHANGED
    }

    /** One line of the plan. */
    public record Change(Action action, String kind, String namespace, String name) {

        @Override
        public String toString() {
            return String.format("%-9s %s %s/%s", action, kind, namespace, name);
        }
    }

    private static final Set<String> IDENTITY = Set.of("apiVersion", "kind", "metadata", "status");

    private final KubernetesClient client;

    public Deployer(KubernetesClient client) {
        this.client = client;
    }

    public List<Change> plan(List<HasMetadata> resources) {
        List<Change> changes = new ArrayList<>();
        for (HasMetadata resource : resources) {
            HasMetadata live = client.resource(resource).get();
            Action action = live == null ? Action.CREATE
                    : sameContent(StrictSchemas.toTree(resource), StrictSchemas.toTree(live)) ? Action.UNCHANGED
                            : Action.UPDATE;
            changes.add(new Change(action, resource.getKind(), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName()));
        }
        return changes;
    }

    public void apply(List<HasMetadata> resources) {
        for (HasMetadata resource : resources) {
            client.resource(resource).createOr(NonDeletingOperation::update);
        }
    }

    /** Whether the live resource carries every field we set (spec, data, labels, annotations) with our values. */
    static boolean sameContent(JsonNode desired, JsonNode live) {
        Iterator<Map.Entry<String, JsonNode>> fields = desired.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!IDENTITY.contains(field.getKey()) && !field.getValue().equals(live.path(field.getKey()))) {
                return false;
            }
        }
        JsonNode metadata = desired.path("metadata");
        return metadata.path("labels").equals(live.path("metadata").path("labels"))
                && (metadata.path("annotations").isMissingNode()
                        || metadata.path("annotations").equals(live.path("metadata").path("annotations")));
    }
}
