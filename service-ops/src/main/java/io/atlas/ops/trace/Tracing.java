package io.atlas.ops.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.apache.kafka.common.header.Headers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service's tracing: the OpenTelemetry instance its spans go through, and the W3C trace context carried in Kafka
 * record headers between services. Built from {@link TraceSettings} ({@link #start}) or handed an instance a test
 * owns ({@link #using}). When off, {@link #enabled()} is false and the services skip every tracing step, headers
 * included, so tracing that is not configured costs nothing.
 *
 * <p>Closing flushes the spans still batched and shuts the exporter down, when this object built them.
 */
public final class Tracing implements AutoCloseable {

    /** The instrumentation scope of every Atlas span. */
    public static final String SCOPE = "io.atlas";
    /** The root span that records a dead letter of an unsampled trace. */
    public static final String DEAD_LETTER_SPAN = "dead-letter";

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), false, null);

    private final OpenTelemetry openTelemetry;
    private final boolean enabled;
    private final SdkTracerProvider owned;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Tracing(OpenTelemetry openTelemetry, boolean enabled, SdkTracerProvider owned) {
        this.openTelemetry = openTelemetry;
        this.enabled = enabled;
        this.owned = owned;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing off: nothing recorded, nothing propagated. */
    public static Tracing off() {
        return OFF;
    }

    /**
     * The tracing {@code settings} describe for the service {@code service} (an application name of the catalog,
     * the {@code service.name} of every span): off for {@link TraceSettings.Exporter#NONE}, else an SDK exporting
     * through a batch processor, sampling with {@link AtlasSampler}, propagating W3C trace context.
     */
    public static Tracing start(String service, TraceSettings settings) {
        SpanExporter exporter = switch (settings.exporter()) {
            case NONE -> null;
            case CONSOLE -> LoggingSpanExporter.create();
            case OTLP -> OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint().toString()).build();
        };
        if (exporter == null) {
            return OFF;
        }
        log.info("Tracing {} spans of {} ({} of new traces sampled{})", settings.exporter(), service,
                settings.sampleRatio(), settings.exporter() == TraceSettings.Exporter.OTLP
                        ? " to " + settings.endpoint() : "");
        return exportingTo(service, exporter, settings.sampleRatio());
    }

    /**
     * Tracing for {@code service} into {@code exporter} through a batch processor, sampling {@code sampleRatio} of
     * new traces with {@link AtlasSampler}; what {@link #start} builds, open to tests that export in memory.
     */
    public static Tracing exportingTo(String service, SpanExporter exporter, double sampleRatio) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service))))
                .setSampler(new AtlasSampler(sampleRatio))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Tracing(sdk, true, provider);
    }

    /** Tracing through {@code openTelemetry}, which the caller configured and closes (tests, benchmarks). */
    public static Tracing using(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry, true, null);
    }

    /** Whether spans are recorded and contexts propagated; when false, callers skip tracing altogether. */
    public boolean enabled() {
        return enabled;
    }

    public Tracer tracer() {
        return tracer;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The trace context a record arrived with; the root context (no span) when it carries none. */
    public Context extract(Headers headers) {
        return propagator.extract(Context.root(), headers, KafkaHeaders.INSTANCE);
    }

    /**
     * Writes {@code span}'s context into {@code headers}, replacing any context there, when the span is sampled. An
     * unsampled trace goes no further: no Atlas service starts a trace from a record it reads (only from what an
     * outside producer sends the bridge), so a header saying "not sampled" would only add ~70 bytes to 99% of the
     * records at the default ratio.
     */
    public void inject(Span span, Headers headers) {
        if (span.getSpanContext().isSampled()) {
            propagator.inject(Context.root().with(span), headers, KafkaHeaders.INSTANCE);
        }
    }

    /**
     * The span on which to record a dead letter or an error ({@code reason}: {@link TraceAttributes#DEAD_LETTER} or
     * {@link TraceAttributes#ERROR}): {@code span} itself, marked, when it is recorded; otherwise a new root span
     * named {@code name}, always sampled, linked to {@code span}'s context so the unsampled trace can still be
     * found. The caller ends what it gets, and {@code span} too when they differ.
     */
    public Span failureSpan(Span span, String name, SpanKind kind, AttributeKey<Boolean> reason) {
        if (span.isRecording()) {
            span.setAttribute(reason, true);
            return span;
        }
        var builder = tracer.spanBuilder(name).setSpanKind(kind).setNoParent().setAttribute(reason, true);
        SpanContext original = span.getSpanContext();
        if (original.isValid()) {
            builder.addLink(original);
        }
        return builder.startSpan();
    }

    /**
     * Records that the record {@code span} traces was dead-lettered for {@code reason}, on {@code span} or a linked
     * sampled root ({@link #failureSpan}), and writes that span's context into the dead letter's {@code headers}.
     * Ends the root it started; {@code span} stays the caller's to end.
     */
    public void deadLetter(Span span, String reason, Headers headers) {
        Span failure = failureSpan(span, DEAD_LETTER_SPAN, SpanKind.INTERNAL, TraceAttributes.DEAD_LETTER);
        failure.setAttribute(TraceAttributes.DEAD_LETTER_REASON, reason);
        failure.setStatus(StatusCode.ERROR, reason);
        inject(failure, headers);
        if (failure != span) {
            failure.end();
        }
    }

    /** Marks {@code span} failed with {@code error} and ends it; an unsampled span gets a sampled failure span. */
    public void endWithError(Span span, String name, SpanKind kind, Throwable error) {
        Span failure = failureSpan(span, name, kind, TraceAttributes.ERROR);
        failure.recordException(error);
        failure.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        failure.end();
        if (failure != span) {
            span.end();
        }
    }

    /** Exports the spans ended so far (waiting up to 10 s), if this object built the exporter. */
    public void flush() {
        if (owned != null) {
            owned.forceFlush().join(10, TimeUnit.SECONDS);
        }
    }

    /** Exports what is batched (up to 10 s) and stops the exporter, if this object built it. Idempotent. */
    @Override
    public void close() {
        if (owned != null && closed.compareAndSet(false, true)) {
            owned.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
