package io.atlas.drill;

import io.atlas.drill.report.ScenarioResult;
import io.atlas.drill.scenario.Scenarios;
import io.atlas.inference.stream.InferenceConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drill's slice in CI: the whole pipeline (CDC on the real PostgreSQL, bridge with an outside JSON producer,
 * simulator, scorer at exactly_once_v2, two gateway replicas with resuming WebSocket clients on the real Redis) on a
 * KRaft controller and three brokers with the production replication settings, through a controlled broker restart
 * and a kill -9 of the scorer, each counted tick by tick: nothing lost, nothing doubled, predictions flowing again.
 * The run itself fails at start unless every topic has the production replication. About 7 minutes of a 2-core
 * machine, the longest test of {@code ./atlas test}.
 */
class DrillSliceTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDoubleNothingThroughABrokerRestartAndAScorerKill() throws Exception {
        DrillRun.Options options = new DrillRun.Options(dir, InferenceConfig.EXACTLY_ONCE_V2, 500, 50, 450, 2, 1,
                "256m", 1000, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(120),
                Duration.ofMinutes(3), false);
        String runId = "ci" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (DrillRun run = new DrillRun(options, runId, message -> { })) {
            run.start();
            for (ScenarioResult result : List.of(run.run(Scenarios.named(List.of("broker-restart")).get(0)),
                    run.run(Scenarios.named(List.of("kill-inference-stream")).get(0)))) {
                assertThat(result.kafka().ticks()).as(result.name() + ": ticks judged").isPositive();
                assertThat(result.kafka().lostTicks()).as(result.name() + ": ticks lost").isZero();
                assertThat(result.kafka().duplicateTicks()).as(result.name() + ": ticks doubled").isZero();
                assertThat(result.kafka().lostPredictions()).as(result.name() + ": ticks without a prediction")
                        .isZero();
                assertThat(result.kafka().duplicatePredictions()).as(result.name() + ": predictions doubled")
                        .isZero();
                assertThat(result.kafka().flowingAgainSeconds().values()).as(result.name() + ": flowing again")
                        .isNotEmpty().allMatch(seconds -> seconds >= 0);
                assertThat(result.clients().gaps()).as(result.name() + ": WebSocket gaps").isZero();
                assertThat(result.reference().lost()).as(result.name() + ": CDC changes lost").isZero();
            }
        }
    }
}
