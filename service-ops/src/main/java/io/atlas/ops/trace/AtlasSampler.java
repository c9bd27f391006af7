package io.atlas.ops.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * Parent-based trace-id ratio sampling, except that a span started with {@link TraceAttributes#DEAD_LETTER} or
 * {@link TraceAttributes#ERROR} set is always recorded: a refused tick or a failed send is what one most wants to
 * see, and at a 1% ratio it would almost never be. {@link Tracing#failureSpan} starts such spans.
 */
final class AtlasSampler implements Sampler {

    private static final SamplingResult ALWAYS = SamplingResult.recordAndSample();

    private final Sampler ratio;
    private final double sampleRatio;

    AtlasSampler(double sampleRatio) {
        this.sampleRatio = sampleRatio;
        this.ratio = Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio));
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (Boolean.TRUE.equals(attributes.get(TraceAttributes.DEAD_LETTER))
                || Boolean.TRUE.equals(attributes.get(TraceAttributes.ERROR))) {
            return ALWAYS;
        }
        return ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "AtlasSampler{ratio=" + sampleRatio + ", dead letters and errors always}";
    }
}
