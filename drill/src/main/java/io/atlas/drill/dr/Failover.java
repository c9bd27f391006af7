package io.atlas.drill.dr;

import io.atlas.drill.Micros;
import io.atlas.drill.judge.PipelineJudge;
import io.atlas.drill.judge.WindowCount;
import io.atlas.drill.load.RawTickProducer;
import io.atlas.drill.load.ResumingClients;
import io.atlas.drill.pipeline.Pipeline;
import io.atlas.drill.report.FailoverResult;
import io.atlas.local.kafka.ForkedKafkaCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The DR failover, as the runbook in drill/README.md has an operator do it, each step timed: the primary region is
 * lost at once (every broker, controller and service killed), the mirror is stopped, every service starts again in
 * the DR region against the DR cluster (the scorer from the consumer-group offsets MirrorMaker translated, CDC on
 * the DR database's own slot, the gateways on the DR region's own session store) and the producers write there.
 *
 * <p>Counted: the ticks the primary had and the DR cluster never got (RPO: how many, and how old the oldest is at
 * the loss, a raw tick's age taken from its acknowledged record's timestamp: see {@link LostTicks}), the
 * predictions the DR scorer made again for ticks the mirror had already carried with their predictions, the ticks
 * that got none, and the time from the loss to the first prediction of a DR tick (RTO).
 */
public final class Failover {

    /** How far before the loss ticks are compared between the regions. */
    private static final Duration COMPARED = Duration.ofSeconds(60);
    private static final double RPO_GOAL_SECONDS = 1;
    private static final double RTO_GOAL_SECONDS = 60;

    /**
     * @param judgeOn a new judge reading a cluster (with every simulator life so far announced), closed with the drill
     */
    public record Regions(ForkedKafkaCluster primary, ForkedKafkaCluster dr, DrMirror mirror, Pipeline pipeline,
                          RawTickProducer raw, ResumingClients clients, PipelineJudge primaryJudge,
                          java.util.function.Function<String, PipelineJudge> judgeOn, Set<String> rawSymbols) {
    }

    private final Regions regions;
    private final Duration settle;
    private final Consumer<String> say;
    private final Map<String, Double> steps = new LinkedHashMap<>();

    public Failover(Regions regions, Duration settle, Consumer<String> say) {
        this.regions = regions;
        this.settle = settle;
        this.say = say;
    }

    /** Runs the failover; the DR judge it starts is the drill's to close (see {@link Regions#judgeOn()}). */
    public FailoverResult run() throws Exception {
        Map<String, Long> exitsBefore = regions.pipeline().unexpectedExits();
        long lost = Micros.now();
        say.accept("  losing the primary region: kill -9 of every broker, controller and service");
        step("primary region lost (kill -9 of every node and service)", () -> {
            regions.pipeline().killAll();
            regions.primary().killAll();
        });
        step("mirror stopped", regions.mirror()::close);
        Map<String, long[][]> primaryTicks = regions.primaryJudge().unclosedTicks();
        String dr = regions.dr().bootstrapServers();
        regions.pipeline().retarget("dr", dr, "redis://127.0.0.1:6379/1");
        regions.raw().retarget(dr);
        PipelineJudge judge = regions.judgeOn().apply(dr);
        long compareFrom = Math.max(lost - COMPARED.toNanos() / 1000, judgeStart(primaryTicks, lost));
        judge.openAt("dr-failover", compareFrom);
        judge.probeAt("primary region lost", lost);
        judge.start();
        for (String service : Pipeline.SERVICES) {
            say.accept("  starting " + service + " in the DR region");
            step(service + " started in DR", () -> regions.pipeline().start(service));
        }
        regions.clients().retarget(regions.pipeline().gateways());
        say.accept("  DR region serving; letting the switch settle");
        Thread.sleep(settle.toMillis() / 4);
        Map<String, long[][]> drTicks = judge.unclosedTicks();
        LostTicks lostTicks = new LostTicks();
        for (Map.Entry<String, long[][]> symbol : primaryTicks.entrySet()) {
            if (regions.rawSymbols().contains(symbol.getKey())) {
                continue;
            }
            long[] there = drTicks.getOrDefault(symbol.getKey(), new long[][] {{}, {}})[0];
            Set<Long> mirrored = new java.util.HashSet<>();
            for (long sequence : there) {
                mirrored.add(sequence);
            }
            long[][] ticks = symbol.getValue();
            for (int i = 0; i < ticks[0].length; i++) {
                if (ticks[1][i] >= compareFrom && !mirrored.contains(ticks[0][i])) {
                    lostTicks.simulated(ticks[1][i]);
                }
            }
        }
        WindowCount count = judge.close(settle);
        List<String> notes = new ArrayList<>();
        notes.add("ticks compared from " + (lost - compareFrom) / 1_000_000 + " s before the loss; raw ticks the "
                + "outside producer had acknowledged on the primary and the DR cluster never got: "
                + count.lostTicks() + " (included)");
        notes.add("the DR gateways use their own session store (Redis database 1): resumes of primary sessions are "
                + "refused and the clients subscribe afresh with a snapshot, as with a separate Redis per region");
        Map<String, Long> exits = regions.pipeline().unexpectedExitsSince(exitsBefore);
        if (!exits.isEmpty()) {
            notes.add("services that exited on their own during the failover, each restarted (times): " + exits);
        }
        lostTicks.raw(count.lostTicks(), count.oldestLostRawMicros());
        double rpo = lostTicks.windowSeconds(lost);
        double rto = count.flowingAgainSeconds().getOrDefault("primary region lost", -1.0);
        Map<String, Long> clients = new LinkedHashMap<>();
        long connects = regions.clients().received().stream().mapToLong(ResumingClients.Received::connects).sum();
        clients.put("connects", connects);
        clients.put("resumesRefused", regions.clients().received().stream()
                .mapToLong(ResumingClients.Received::resumesRefused).sum());
        clients.put("live", regions.clients().live());
        boolean met = rpo <= RPO_GOAL_SECONDS && rto >= 0 && rto <= RTO_GOAL_SECONDS;
        return new FailoverResult(lostTicks.count(), rpo, count.duplicatePredictions(), count.lostPredictions(), rto,
                steps, clients, notes, met);
    }

    /** The primary judge holds ticks only since its last window closed; compare no further back than that. */
    private static long judgeStart(Map<String, long[][]> ticks, long lost) {
        long earliest = lost;
        for (long[][] symbol : ticks.values()) {
            if (symbol[1].length > 0) {
                earliest = Math.min(earliest, symbol[1][0]);
            }
        }
        return earliest;
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        steps.put(name, (System.nanoTime() - start) / 1e9);
    }
}
