package dev.channels.spring.observation;

import dev.channels.ChannelInterceptor;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * The {@link ChannelInterceptor} of an observed channel: on the sending thread it captures a
 * {@link SenderContext} (the current observation of the registry, and a context-propagation
 * snapshot of the registered ThreadLocals); on the receiving thread it records that context for
 * the value, where {@link SenderContext#lastReceived()} and the listener observation find it. A
 * discarded value's context is dropped with it.
 */
public final class ChannelObservationInterceptor implements ChannelInterceptor<Object> {
    private final String channel;
    private final ObservationRegistry registry;
    private final ContextSnapshotFactory snapshots;

    /**
     * An interceptor for one channel.
     *
     * @param channel the channel's registry name
     * @param registry where the sender's current observation is read
     * @param snapshots what captures the sender's ThreadLocals
     */
    public ChannelObservationInterceptor(String channel, ObservationRegistry registry, ContextSnapshotFactory snapshots) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    @Override
    public Object onSend(Object value) {
        return new SenderContext(channel, registry.getCurrentObservation(), snapshots.captureAll());
    }

    @Override
    public void onReceive(Object value, Object attachment) {
        ReceivedContexts.record(value, (SenderContext) attachment);
    }
}
