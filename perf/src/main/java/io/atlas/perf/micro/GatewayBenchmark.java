package io.atlas.perf.micro;

import io.atlas.events.Prediction;
import io.atlas.gateway.fanout.FanOut;
import io.atlas.gateway.fanout.LastValueCache;
import io.atlas.gateway.fanout.Update;
import io.atlas.gateway.fanout.UpdateEncoder;
import io.atlas.gateway.ops.GatewayMetrics;
import io.atlas.gateway.protocol.ModelKind;
import io.atlas.gateway.protocol.Request;
import io.atlas.gateway.protocol.SymbolPattern;
import io.atlas.gateway.session.ClientConnection;
import io.atlas.gateway.session.ClientIdentity;
import io.atlas.gateway.session.FrameSink;
import io.atlas.gateway.session.Outbound;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.websocket.api.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.Set;

/**
 * The gateway's per-prediction work: {@link UpdateEncoder} turning a decoded prediction into its data frame (once,
 * whatever the number of subscribers), and {@link FanOut#dispatch} delivering one update to N connections subscribed
 * to every symbol, through each connection's real {@link Outbound} queue and writer. The socket is the only stand-in:
 * a sink that completes every write at once and counts it, so the figure is the gateway's own cost per update.
 */
public class GatewayBenchmark {

    private static final int PARTITIONS = 12;
    private static final int QUEUE_CAPACITY = 1024;

    /** The model's predictions on the simulated ticks. */
    @State(Scope.Thread)
    public static class Predictions {
        final UpdateEncoder encoder = new UpdateEncoder();
        Prediction[] predictions;
        long offset;

        @Setup(Level.Trial)
        public void predict() {
            SimulatedMarket market = new SimulatedMarket();
            predictions = market.predictions(market.train());
        }

        Update encodeNext() {
            long n = offset++;
            Prediction prediction = predictions[(int) (n & (SimulatedMarket.TICKS - 1))];
            return encoder.encode(prediction, (int) (n % PARTITIONS), n);
        }
    }

    /** A socket that has written every frame as soon as it is handed one. */
    static final class CountingSink implements FrameSink {
        long frames;
        long bytes;

        @Override
        public void sendText(String text, Callback callback) {
            frames++;
            bytes += text.length();
            callback.succeed();
        }

        @Override
        public void sendUtf8(byte[] utf8, boolean batch, Callback callback) {
            frames++;
            bytes += utf8.length;
            callback.succeed();
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    /** N connections, each subscribed to every symbol, on one fan-out; and the encoded updates to dispatch. */
    @State(Scope.Thread)
    public static class Subscribers {
        @Param({"1", "100", "1000"})
        int connections;

        FanOut fanOut;
        CountingSink[] sinks;
        Update[] updates;
        long dispatched;
        long framesBefore;
        int next;

        @Setup(Level.Trial)
        public void connect(Predictions predictions) {
            updates = new Update[SimulatedMarket.TICKS];
            for (int i = 0; i < updates.length; i++) {
                updates[i] = predictions.encodeNext();
            }
            GatewayMetrics metrics = new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            fanOut = new FanOut(new LastValueCache(), 16);
            sinks = new CountingSink[connections];
            Request.Subscribe everything = new Request.Subscribe("all", List.of(SymbolPattern.ALL), 0,
                    Set.of(ModelKind.ACTIVE));
            for (int c = 0; c < connections; c++) {
                sinks[c] = new CountingSink();
                // The writer runs on the caller: nothing else would run it, and a socket write costs nothing here.
                Outbound outbound = new Outbound(sinks[c], Runnable::run, metrics, QUEUE_CAPACITY, PARTITIONS);
                ClientConnection connection = new ClientConnection("session-" + c,
                        ClientIdentity.anonymous("client-" + c, false), sinks[c], outbound, "benchmark");
                fanOut.connect(connection);
                fanOut.subscribe(connection, everything);
            }
            framesBefore = frames();
        }

        long frames() {
            long total = 0;
            for (CountingSink sink : sinks) {
                total += sink.frames;
            }
            return total;
        }

        /** A benchmark that lost updates would measure less work than it claims. */
        @TearDown(Level.Trial)
        public void checkEveryUpdateWasWritten() {
            long written = frames() - framesBefore;
            if (written != dispatched * connections) {
                throw new IllegalStateException(written + " frames written for " + dispatched + " updates to "
                        + connections + " connections");
            }
        }
    }

    @Benchmark
    public Update encode(Predictions p) {
        return p.encodeNext();
    }

    /** One update to every connection, then their writers woken as after a batch of records: cost grows with N. */
    @Benchmark
    public void dispatch(Subscribers s) {
        s.fanOut.dispatch(s.updates[s.next++ & (SimulatedMarket.TICKS - 1)]);
        s.fanOut.flush();
        s.dispatched++;
    }
}
