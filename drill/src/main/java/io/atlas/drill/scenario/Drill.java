package io.atlas.drill.scenario;

import io.atlas.drill.judge.PipelineJudge;
import io.atlas.drill.load.ResumingClients;
import io.atlas.drill.pipeline.Pipeline;
import io.atlas.local.kafka.ForkedKafkaCluster;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a scenario acts on and watches with: the primary cluster, the region's services, the judge (to mark the
 * events whose recovery is timed), the WebSocket clients, how long to watch, and where progress goes.
 *
 * @param observe how long the pipeline is watched after each disturbance, and how long a killed broker stays down
 * @param pause   how long a broker stays frozen by SIGSTOP: longer than the session timeouts
 */
public record Drill(ForkedKafkaCluster cluster, Pipeline pipeline, PipelineJudge judge, ResumingClients clients,
                    Duration observe, Duration pause, Consumer<String> say) {

    /** The time brokers get to bring every partition back in sync before the next step, as Strimzi waits. */
    public static final Duration RESYNC_TIMEOUT = Duration.ofMinutes(5);

    public void watch(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            judge.ensureAlive();
            Thread.sleep(Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }
}
