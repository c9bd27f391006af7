package io.atlas.perf.wsload;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * The words of {@code ./atlas loadgen --control}, declared once for the load generator and the programs that drive
 * it (the bench): the commands it reads on stdin, one a line, and the fields of the one JSON line it answers each
 * with on stdout. Latency histograms travel whole, in HdrHistogram's compressed encoding as base64, so a driver gets
 * the distribution itself (to merge, plot or read any percentile of), not a few percentiles of it.
 */
public final class ControlProtocol {

    /** Opens a window: what the clients receive is counted from here. */
    public static final String OPEN = "open";
    /** What the window counted so far, the window going on. */
    public static final String PEEK = "peek";
    /** Ends the window: everything it measured. */
    public static final String CLOSE = "close";
    /** Checks every client for duplicates (and, when the run produced its own predictions, gaps). */
    public static final String VERIFY = "verify";
    /** Ends the control loop; the load generator closes its clients and exits. */
    public static final String QUIT = "quit";

    /** The first line's field, true once every client was connected and its subscription answered. */
    public static final String READY = "ready";
    /** The answer to {@link #OPEN}: true. */
    public static final String OPENED = "opened";
    /** Connections open now. */
    public static final String HELD = "held";
    /** How many connections ended with each close code (an object, code to count); empty while every one holds. */
    public static final String CLOSES = "closes";
    /** Live updates received in the window so far. */
    public static final String UPDATES = "updates";
    /** Data frames received in the window so far (snapshot frames too; several updates each when batched). */
    public static final String FRAMES = "frames";
    /** Tick exchange time → receipt of every live update of the window so far, microseconds, {@link #encode}d. */
    public static final String TICK_LATENCY_HISTOGRAM = "tickLatencyHistogram";
    /** The answer to a command it does not know. */
    public static final String ERROR = "error";

    /**
     * A log4j2 configuration on the classpath that logs to stderr: stdout carries the answers, so a program driving
     * the load generator starts its JVM with {@code -Dlog4j2.configurationFile=} this.
     */
    public static final String LOG_CONFIG = "io/atlas/perf/wsload/control-log4j2.properties";

    private ControlProtocol() {
    }

    /** {@code histogram} losslessly as text: HdrHistogram's compressed encoding, base64. */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** The histogram {@link #encode} wrote; fails on text it did not write. */
    public static Histogram decode(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
