package dev.channels.spring.observation;

import io.micrometer.observation.Observation;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Observation.Context} of one listener call ({@code channel.listener}): which listener,
 * which channel, and the {@link SenderContext} of each value of the call (one, or one per value of
 * a batch; null for a value that came with none), whose first observation is the parent.
 */
public final class ChannelListenerObservationContext extends Observation.Context {
    private final String channel;
    private final String listener;
    private final boolean batch;
    private final List<SenderContext> senders;
    private volatile String outcome = "success";

    /**
     * The context of one call.
     *
     * @param channel the channel's registry name
     * @param listener the listener's id
     * @param batch whether the listener takes batches
     * @param senders each value's sender context, in the order of the values (null elements allowed)
     */
    public ChannelListenerObservationContext(String channel, String listener, boolean batch, List<SenderContext> senders) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.batch = batch;
        this.senders = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(senders));
    }

    /**
     * The channel the values came from.
     *
     * @return its registry name
     */
    public String channel() {
        return channel;
    }

    /**
     * The listener called.
     *
     * @return its id
     */
    public String listener() {
        return listener;
    }

    /**
     * Whether the call is a batch listener's.
     *
     * @return true for a batch
     */
    public boolean batch() {
        return batch;
    }

    /**
     * Each value's sender context, in the order of the values; null for a value that came with none.
     *
     * @return the contexts, one per value
     */
    public List<SenderContext> senders() {
        return senders;
    }

    /**
     * The distinct observations of the senders, in the order of first appearance: the first is
     * the call's parent, the others are linked to it.
     *
     * @return the senders' observations
     */
    public List<Observation> senderObservations() {
        java.util.Set<Observation> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Observation> observations = new java.util.ArrayList<>();
        for (SenderContext sender : senders) {
            if (sender != null && sender.observation() != null && !sender.observation().isNoop()
                    && seen.add(sender.observation())) {
                observations.add(sender.observation());
            }
        }
        return observations;
    }

    /**
     * How the call ended: {@code success}, or {@code failure} once every attempt failed.
     *
     * @return the outcome
     */
    public String outcome() {
        return outcome;
    }

    void outcome(String outcome) {
        this.outcome = outcome;
    }
}
