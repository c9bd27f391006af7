package io.atlas.drill.judge;

import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.ops.Health;
import io.atlas.ops.OpsServer;
import io.atlas.ops.ServiceMetrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateways' conflated and dropped updates, read over HTTP from real ops servers on port 0 that expose the
 * gateway's own meters ({@link GatewayMetrics}) as a gateway replica does.
 */
class GatewayUpdatesTest {

    private final List<Replica> replicas = new ArrayList<>();

    /** One gateway replica's meters and the ops port serving them. */
    private record Replica(ServiceMetrics registry, GatewayMetrics meters, OpsServer ops) implements AutoCloseable {

        URI metrics() {
            return URI.create("http://127.0.0.1:" + ops.port() + OpsServer.METRICS);
        }

        void conflate(int updates) {
            for (int i = 0; i < updates; i++) {
                meters.conflated();
            }
        }

        @Override
        public void close() {
            ops.close();
            registry.close();
        }
    }

    private Replica replica() {
        ServiceMetrics registry = new ServiceMetrics("ws-gateway");
        GatewayMetrics meters = new GatewayMetrics(registry.registry());
        OpsServer ops = OpsServer.start(0, registry.registry(), () -> Health.up("live"), () -> Health.up("ready"));
        Replica replica = new Replica(registry, meters, ops);
        replicas.add(replica);
        return replica;
    }

    @AfterEach
    void closeReplicas() {
        replicas.forEach(Replica::close);
    }

    @Test
    void shouldReadTheUpdatesAGatewayReplicaConflatedAndDropped() throws Exception {
        Replica replica = replica();
        replica.conflate(3);
        replica.meters().dropped();
        GatewayUpdates updates = new GatewayUpdates();

        updates.read(100, replica.metrics());

        assertThat(updates.total()).isEqualTo(new GatewayUpdates.Count(3, 1));
    }

    @Test
    void shouldCountARestartedReplicaFromZeroBesideWhatItsEarlierLifeCounted() throws Exception {
        GatewayUpdates updates = new GatewayUpdates();
        Replica first = replica();
        first.conflate(5);
        updates.read(100, first.metrics());
        GatewayUpdates.Count windowOpened = updates.total();
        first.conflate(2);
        updates.read(100, first.metrics());
        first.close();
        Replica restarted = replica();
        restarted.conflate(4);

        updates.read(200, restarted.metrics());

        assertThat(updates.total()).isEqualTo(new GatewayUpdates.Count(11, 0));
        assertThat(updates.total().conflated() - windowOpened.conflated()).isEqualTo(6);
    }

    @Test
    void shouldKeepTheLastReadingOfAReplicaThatNoLongerAnswers() throws Exception {
        GatewayUpdates updates = new GatewayUpdates();
        Replica replica = replica();
        replica.conflate(2);
        updates.read(100, replica.metrics());
        replica.close();

        updates.read(100, replica.metrics());

        assertThat(updates.total()).isEqualTo(new GatewayUpdates.Count(2, 0));
    }

    @Test
    void shouldReadOnlyTheTwoCountersSamplesWhateverTheirLabels() {
        String text = """
                # HELP atlas_gateway_updates_conflated_total Pending updates replaced by a newer one
                # TYPE atlas_gateway_updates_conflated_total counter
                atlas_gateway_updates_conflated_total{application="ws-gateway",note="a b}"} 1.5E3 1765000000000
                atlas_gateway_updates_conflated_totals 99.0
                atlas_gateway_updates_dropped_total 2.0
                atlas_gateway_messages_out_total{application="ws-gateway",kind="data"} 7.0
                """;

        assertThat(GatewayUpdates.parse(text)).isEqualTo(new GatewayUpdates.Count(1_500, 2));
    }
}
