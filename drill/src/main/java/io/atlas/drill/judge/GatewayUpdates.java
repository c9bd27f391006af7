package io.atlas.drill.judge;

import io.atlas.local.launch.ServiceProcess;
import io.atlas.ops.OpsServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The updates the gateway replicas conflated or dropped by design, as each counts them in its own meters
 * ({@code atlas.gateway.updates.conflated}: a pending update replaced by a newer one of its symbol once a connection's
 * outbound queue is full; {@code atlas.gateway.updates.dropped}: the queue at its hard limit), read from the replica's
 * ops port ({@code /metrics}, Prometheus text). A WebSocket gap beside them may be conflation, not a loss.
 *
 * <p>A restarted replica counts from 0, so each process life (by its pid) keeps its latest reading and the total sums
 * them: cumulative since the drill started, like {@link ClientCount}, a window's share is the difference of two
 * totals. The drill reads the replicas when a window opens and closes and right before it kills or stops one; what a
 * replica that exits on its own counted after its last reading is not seen.
 */
public final class GatewayUpdates {

    static final String CONFLATED = "atlas_gateway_updates_conflated_total";
    static final String DROPPED = "atlas_gateway_updates_dropped_total";

    private static final Logger log = LoggerFactory.getLogger(GatewayUpdates.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Updates conflated and dropped. */
    public record Count(long conflated, long dropped) {

        static final Count NONE = new Count(0, 0);

        Count plus(Count other) {
            return new Count(conflated + other.conflated, dropped + other.dropped);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    // Latest reading of every process life, by pid; guarded by this.
    private final Map<Long, Count> lives = new HashMap<>();

    /** Reads a running gateway replica's counters now. */
    public void read(ServiceProcess replica) throws InterruptedException {
        read(replica.pid(), replica.readiness().resolve(OpsServer.METRICS));
    }

    /** A replica that does not answer (starting, stopping) keeps its last reading. */
    void read(long pid, URI metrics) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("{} answered {}: its conflated and dropped updates are not read", metrics,
                        response.statusCode());
                return;
            }
            Count count = parse(response.body());
            synchronized (this) {
                lives.put(pid, count);
            }
        } catch (IOException e) {
            log.debug("{} (pid {}) did not answer: {}", metrics, pid, e.toString());
        }
    }

    /** Every process life's latest reading, summed: cumulative since the drill started. */
    public synchronized Count total() {
        return lives.values().stream().reduce(Count.NONE, Count::plus);
    }

    /** The two counters in a Prometheus text exposition (a sample line: name, labels in braces, value). */
    static Count parse(String text) {
        double conflated = 0;
        double dropped = 0;
        for (String line : text.split("\n")) {
            if (isSample(line, CONFLATED)) {
                conflated += value(line, CONFLATED);
            } else if (isSample(line, DROPPED)) {
                dropped += value(line, DROPPED);
            }
        }
        return new Count(Math.round(conflated), Math.round(dropped));
    }

    private static boolean isSample(String line, String name) {
        return line.startsWith(name) && line.length() > name.length()
                && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ');
    }

    // A label value may hold spaces: the value is the first field after the labels (a timestamp may follow it).
    private static double value(String line, String name) {
        int labelsEnd = line.charAt(name.length()) == '{' ? line.lastIndexOf('}') + 1 : name.length();
        return Double.parseDouble(line.substring(labelsEnd).trim().split("\\s+")[0]);
    }
}
