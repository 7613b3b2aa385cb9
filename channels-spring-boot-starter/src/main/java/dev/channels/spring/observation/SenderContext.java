package dev.channels.spring.observation;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What travels with a value sent on an observed channel: the sender's current
 * {@link Observation} (an HTTP request's, say) and a {@link ContextSnapshot} of the ThreadLocals
 * registered with Micrometer's context-propagation (MDC entries, a security context), captured on
 * the sending thread when the value was sent.
 *
 * <p>Listeners need nothing of this: each {@code @ChannelListener} call runs as a child
 * observation with these ThreadLocals restored. Code that receives on its own ({@code receive()},
 * {@code select}, iteration) reaches the context of what it received on the same thread:
 *
 * <pre>{@code
 * Order order = orders.receive();
 * try (ContextSnapshot.Scope scope = SenderContext.restoreLastReceived()) {
 *     log.info("handling {}", order); // the sender's MDC, its observation current
 * }
 * }</pre>
 *
 * <p>{@link #lastReceived()} is the context of the last value this thread received from an
 * observed channel (in a select's handler, of the value the handler was given); after a batch
 * receive, {@link #takeReceived()} gives each value's, in the order received.
 *
 * <p>A value that came from another process (a Kafka channel's) brings only its trace: its
 * context's observation is the receiving side's observation of its arrival, whose parent is the
 * remote sender's span as the record's headers told it ({@link #receivedFromAnotherProcess}); the
 * remote sender's ThreadLocals stay where they were.
 */
public final class SenderContext {
    /** Captures the current observation and nothing else: what a value from another process brings. */
    private static final ContextSnapshotFactory OBSERVATION_ONLY = ContextSnapshotFactory.builder()
            .contextRegistry(new ContextRegistry().registerThreadLocalAccessor(new ObservationThreadLocalAccessor()))
            .clearMissing(false).build();

    private final String channel;
    private final Observation observation;
    private final ContextSnapshot snapshot;

    SenderContext(String channel, Observation observation, ContextSnapshot snapshot) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.observation = observation;
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * The registry name of the channel the value was sent on.
     *
     * @return the channel's name
     */
    public String channel() {
        return channel;
    }

    /**
     * The observation that was current on the sending thread.
     *
     * @return the sender's observation, or null if there was none
     */
    public Observation observation() {
        return observation;
    }

    /**
     * The sender's ThreadLocals, as context-propagation captured them.
     *
     * @return the snapshot
     */
    public ContextSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Sets the sender's ThreadLocals on this thread (its observation current, its MDC entries)
     * until the scope is closed, which puts back what this thread had.
     *
     * @return the scope to close
     */
    public ContextSnapshot.Scope restore() {
        return snapshot.setThreadLocals();
    }

    /**
     * The context of the last value this thread received from an observed channel, by any
     * receive: {@code receive}, {@code tryReceive}, a timed receive, a select's receive clause
     * (its handler sees it), iteration, a batch receive (its last value).
     *
     * @return the context, or empty if this thread received nothing from an observed channel, or
     *     nothing since {@link #clearReceived()}
     */
    public static Optional<SenderContext> lastReceived() {
        return Optional.ofNullable(ReceivedContexts.last());
    }

    /**
     * {@link #restore()} of {@link #lastReceived()}; a scope that changes nothing if there is none.
     *
     * @return the scope to close
     */
    public static ContextSnapshot.Scope restoreLastReceived() {
        SenderContext last = ReceivedContexts.last();
        return last != null ? last.restore() : () -> { };
    }

    /**
     * The contexts of the values this thread received from observed channels since the last call
     * (or {@link #clearReceived()}), in the order received, and forgets them: after a batch
     * receive, one per value. At most {@value ReceivedContexts#KEPT} are kept; older ones are
     * forgotten first.
     *
     * @return the contexts, oldest first
     */
    public static List<SenderContext> takeReceived() {
        return ReceivedContexts.take();
    }

    /**
     * For channels whose values come from another process (such as channels-kafka's): records,
     * on the thread that is receiving {@code value}, that it arrived with {@code observation},
     * the receiving side's observation of its arrival (made from the trace context the value
     * carried). Listener calls become children of that observation, and {@link #lastReceived()}
     * and {@link #restoreLastReceived()} give it, as for a value sent in this process. Its
     * snapshot holds that observation only: restoring it makes the observation current and
     * leaves every other ThreadLocal of the receiving thread as it is.
     *
     * @param channel the registry name of the channel the value was received from
     * @param value the value, as the receive returns it
     * @param observation the observation of its arrival (started; it may already be stopped)
     * @return the context recorded
     */
    @SuppressWarnings("try") // the scope is held for the capture, not used in it
    public static SenderContext receivedFromAnotherProcess(String channel, Object value, Observation observation) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(observation, "observation");
        ContextSnapshot snapshot;
        try (Observation.Scope scope = observation.openScope()) {
            snapshot = OBSERVATION_ONLY.captureAll();
        }
        SenderContext context = new SenderContext(channel, observation, snapshot);
        ReceivedContexts.record(value, context);
        return context;
    }

    /** Forgets what this thread received: {@link #lastReceived()} is empty until its next receive. */
    public static void clearReceived() {
        ReceivedContexts.clear();
    }

    @Override
    public String toString() {
        return "SenderContext[channel=" + channel + ", observation=" + observation + "]";
    }
}
