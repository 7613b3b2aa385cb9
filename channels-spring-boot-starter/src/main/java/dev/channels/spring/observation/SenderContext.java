package dev.channels.spring.observation;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
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
 */
public final class SenderContext {
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

    /** Forgets what this thread received: {@link #lastReceived()} is empty until its next receive. */
    public static void clearReceived() {
        ReceivedContexts.clear();
    }

    @Override
    public String toString() {
        return "SenderContext[channel=" + channel + ", observation=" + observation + "]";
    }
}
