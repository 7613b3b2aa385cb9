package dev.channels.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.List;
import java.util.Objects;

/**
 * The span of a {@code channel.listener} observation when Micrometer Tracing is on: like the
 * default tracing handler's (child of the first sender's span), and for a batch it also links the
 * span of every other value's sender, so that each request whose values the batch handled leads
 * to it. Register it before the default tracing handler (Boot's tracing handlers are grouped
 * first-match in {@code @Order} order; the starter does so).
 */
public final class ChannelListenerTracingObservationHandler implements TracingObservationHandler<ChannelListenerObservationContext> {
    private final Tracer tracer;

    /**
     * A handler that makes spans with {@code tracer}.
     *
     * @param tracer the tracer
     */
    public ChannelListenerTracingObservationHandler(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    @Override
    public void onStart(ChannelListenerObservationContext context) {
        Span.Builder builder = tracer.spanBuilder();
        Span parent = getParentSpan(context);
        if (parent != null) {
            builder.setParent(parent.context());
        } else {
            builder.setNoParent();
        }
        List<Observation> senders = context.senderObservations();
        for (int i = 1; i < senders.size(); i++) {
            TracingContext linked = senders.get(i).getContext().get(TracingContext.class);
            if (linked != null && linked.getSpan() != null) {
                builder.addLink(new Link(linked.getSpan()));
            }
        }
        Span span = builder.name(getSpanName(context)).start();
        getTracingContext(context).setSpan(span);
    }

    @Override
    public void onStop(ChannelListenerObservationContext context) {
        Span span = getRequiredSpan(context);
        span.name(getSpanName(context));
        tagSpan(context, span);
        endSpan(context, span);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ChannelListenerObservationContext;
    }

    @Override
    public Tracer getTracer() {
        return tracer;
    }
}
