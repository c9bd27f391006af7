package io.atlas.perf.wsload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers the commands of {@code ./atlas loadgen --control} ({@link ControlProtocol}) about the clients it holds, each
 * with one JSON line: windows cut from the clients' {@link Window}, the duplicate check from their ledgers. Every
 * answer about a window says how many connections are held and how they closed, so that the driver notices a lost
 * client at its next answer.
 */
final class ControlSession {

    private final Window window;
    private final LoadClients pool;
    private final ProducedLedger produced;

    ControlSession(Window window, LoadClients pool, ProducedLedger produced) {
        this.window = window;
        this.pool = pool;
        this.produced = produced;
    }

    /** The first line, once every client is connected and its subscription answered. */
    String ready() {
        return LoadReport.line(Map.of(ControlProtocol.READY, true, ControlProtocol.HELD, pool.held()));
    }

    /** The answer to one command other than {@link ControlProtocol#QUIT}, which has none. */
    String answer(String command) {
        return switch (command.trim()) {
            case ControlProtocol.OPEN -> {
                window.open();
                yield withConnections(new LinkedHashMap<>(Map.of(ControlProtocol.OPENED, true)));
            }
            case ControlProtocol.PEEK -> {
                Deliveries.Snapshot soFar = window.peek();
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put(ControlProtocol.UPDATES, soFar.updates());
                answer.put(ControlProtocol.FRAMES, soFar.frames());
                answer.put(ControlProtocol.TICK_LATENCY_HISTOGRAM, ControlProtocol.encode(soFar.fromTick()));
                yield withConnections(answer);
            }
            case ControlProtocol.CLOSE -> {
                Window.Result result = window.close();
                Map<String, Object> answer = new LinkedHashMap<>(LoadReport.window(result));
                answer.put(ControlProtocol.TICK_LATENCY_HISTOGRAM, ControlProtocol.encode(result.tickHistogram()));
                yield withConnections(answer);
            }
            case ControlProtocol.VERIFY -> LoadReport.line(LoadReport.verification(
                    Verification.of(pool.clients(), produced, false)));
            default -> LoadReport.line(Map.of(ControlProtocol.ERROR, "unknown command '" + command + "'; expected "
                    + String.join(", ", ControlProtocol.OPEN, ControlProtocol.PEEK, ControlProtocol.CLOSE,
                    ControlProtocol.VERIFY) + " or " + ControlProtocol.QUIT));
        };
    }

    private String withConnections(Map<String, Object> answer) {
        answer.put(ControlProtocol.HELD, pool.held());
        answer.put(ControlProtocol.CLOSES, pool.closes());
        return LoadReport.line(answer);
    }
}
