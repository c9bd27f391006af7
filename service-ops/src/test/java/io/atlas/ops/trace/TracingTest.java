package io.atlas.ops.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class TracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider provider;

    private Tracing sampling(double ratio) {
        provider = SdkTracerProvider.builder().setSampler(new AtlasSampler(ratio))
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        return Tracing.using(OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void shouldBeDisabledWhenOff() {
        assertThat(Tracing.off().enabled()).isFalse();
        assertThat(Tracing.start("svc", TraceSettings.off()).enabled()).isFalse();
    }

    @Test
    void shouldCarryTheContextThroughKafkaHeadersReplacingAnOlderOne() {
        Tracing tracing = sampling(1.0);
        Span first = tracing.tracer().spanBuilder("first").startSpan();
        Span second = tracing.tracer().spanBuilder("second").startSpan();
        RecordHeaders headers = new RecordHeaders();

        tracing.inject(first, headers);
        tracing.inject(second, headers);
        SpanContext read = Span.fromContext(tracing.extract(headers)).getSpanContext();

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(read.getTraceId()).isEqualTo(second.getSpanContext().getTraceId());
        assertThat(read.getSpanId()).isEqualTo(second.getSpanContext().getSpanId());
        assertThat(read.isRemote()).isTrue();
        assertThat(read.isSampled()).isTrue();
    }

    @Test
    void shouldNotWriteTheContextOfAnUnsampledSpan() {
        Tracing tracing = sampling(0.0);
        RecordHeaders headers = new RecordHeaders();

        tracing.inject(tracing.tracer().spanBuilder("publish").startSpan(), headers);

        assertThat(headers.toArray()).isEmpty();
    }

    @Test
    void shouldReadNoContextFromARecordWithoutOne() {
        Tracing tracing = sampling(1.0);
        RecordHeaders headers = new RecordHeaders();
        headers.add("other", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(Span.fromContext(tracing.extract(headers)).getSpanContext().isValid()).isFalse();
    }

    @Test
    void shouldRecordNothingAtRatioZero() {
        Tracing tracing = sampling(0.0);

        tracing.tracer().spanBuilder("publish").startSpan().end();

        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void shouldSampleADeadLetterOfAnUnsampledTraceAsARootLinkedToIt() {
        Tracing tracing = sampling(0.0);
        Span bridge = tracing.tracer().spanBuilder("bridge").startSpan();

        Span failure = tracing.failureSpan(bridge, "dead-letter", SpanKind.INTERNAL, TraceAttributes.DEAD_LETTER);
        failure.end();
        bridge.end();

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo("dead-letter");
            assertThat(span.getParentSpanContext().isValid()).isFalse();
            assertThat(span.getTraceId()).isNotEqualTo(bridge.getSpanContext().getTraceId());
            assertThat(span.getLinks()).singleElement()
                    .satisfies(link -> assertThat(link.getSpanContext()).isEqualTo(bridge.getSpanContext()));
            assertThat(span.getAttributes().get(TraceAttributes.DEAD_LETTER)).isTrue();
        });
    }

    @Test
    void shouldMarkASampledSpanItselfWithTheDeadLetter() {
        Tracing tracing = sampling(1.0);
        Span bridge = tracing.tracer().spanBuilder("bridge").startSpan();

        Span failure = tracing.failureSpan(bridge, "dead-letter", SpanKind.INTERNAL, TraceAttributes.DEAD_LETTER);
        failure.end();

        assertThat(failure).isSameAs(bridge);
        assertThat(spans.getFinishedSpanItems()).singleElement()
                .satisfies(span -> assertThat(span.getAttributes().get(TraceAttributes.DEAD_LETTER)).isTrue());
    }

    @Test
    void shouldSampleAnErrorOfAnUnsampledChildAsALinkedRoot() {
        Tracing tracing = sampling(0.0);
        Span publish = tracing.tracer().spanBuilder("publish").startSpan();
        Span child = tracing.tracer().spanBuilder("score").setParent(Context.root().with(publish)).startSpan();

        tracing.endWithError(child, "score-error", SpanKind.INTERNAL, new IllegalStateException("boom"));

        assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo("score-error");
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(span.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
            assertThat(span.getLinks()).singleElement().satisfies(link -> assertThat(link.getSpanContext())
                    .isEqualTo(child.getSpanContext()));
        });
    }
}
