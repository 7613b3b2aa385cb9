package dev.channels;

import dev.channels.internal.Capacity;
import dev.channels.internal.ChannelCore;
import dev.channels.internal.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link Channel}; obtained from {@link Channel#builder()}. Without settings it builds a
 * rendezvous channel with a generated name. A builder may build several independent channels.
 *
 * @param <T> the element type
 */
public final class ChannelBuilder<T> {
    private String name;
    private int capacity;
    private OverflowPolicy overflow = OverflowPolicy.BLOCK;
    private Consumer<? super T> onDrop;
    private ChannelObserver observer;
    private final List<ChannelInterceptor<? super T>> interceptors = new ArrayList<>();

    ChannelBuilder() {
    }

    /**
     * Names the channel, for {@link Object#toString()}, exceptions, stats and metrics.
     *
     * @param name a non-blank name
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public ChannelBuilder<T> name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("channel name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * Sets the buffer's capacity: 0 for rendezvous, n for a buffer of n values,
     * {@link Channel#UNLIMITED} for no bound.
     *
     * @param capacity 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public ChannelBuilder<T> capacity(int capacity) {
        this.capacity = Capacity.check(capacity);
        return this;
    }

    /**
     * Makes the buffer unlimited: sends never block.
     *
     * @return this builder
     */
    public ChannelBuilder<T> unlimited() {
        this.capacity = Channel.UNLIMITED;
        return this;
    }

    /**
     * Sets what a send does on a full buffer; the drop policies need a bounded capacity of 1 or more.
     *
     * @param policy the policy
     * @return this builder
     */
    public ChannelBuilder<T> overflow(OverflowPolicy policy) {
        this.overflow = Objects.requireNonNull(policy, "overflow policy");
        return this;
    }

    /**
     * Sets the handler told of every value the channel discards: by a drop
     * {@link OverflowPolicy}, or by {@link SendChannel#fail}. It runs on the thread whose operation
     * discarded the value, after the channel is unlocked; what it throws goes to that thread's
     * uncaught-exception handler.
     *
     * @param handler the handler
     * @return this builder
     */
    public ChannelBuilder<T> onDrop(Consumer<? super T> handler) {
        this.onDrop = Objects.requireNonNull(handler, "drop handler");
        return this;
    }

    /**
     * Attaches an observer from the start (see {@link Channel#addObserver}).
     *
     * @param observer the observer
     * @return this builder
     */
    public ChannelBuilder<T> observer(ChannelObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * Adds an interceptor that sees each value enter and leave the channel, and attaches what it
     * likes to each value on its way (see {@link ChannelInterceptor}). Several may be added: each
     * is called in the order added, on sending, receiving and discarding alike. A channel built
     * without one does no interceptor work at all.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public ChannelBuilder<T> interceptor(ChannelInterceptor<? super T> interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /**
     * Builds the channel.
     *
     * @return a new, open channel
     * @throws IllegalArgumentException if a drop policy is combined with capacity 0 or unlimited
     */
    @SuppressWarnings("unchecked")
    public Channel<T> build() {
        Overflow policy = switch (overflow) {
            case BLOCK -> Overflow.BLOCK;
            case DROP_OLDEST -> Overflow.DROP_OLDEST;
            case DROP_NEWEST -> Overflow.DROP_NEWEST;
        };
        Consumer<Object> drops = onDrop == null ? null : value -> ((Consumer<Object>) onDrop).accept(value);
        Interception interception = null;
        if (!interceptors.isEmpty()) {
            interception = new Interception(interceptors);
            drops = Interception.dropHandler(drops); // the interceptors hear of a drop before the handler
        }
        DefaultChannel<T> channel = new DefaultChannel<>(name, new ChannelCore(capacity, policy, drops), interception);
        if (observer != null) {
            channel.addObserver(observer);
        }
        return channel;
    }

    /**
     * Builds the channel and starts a virtual thread that runs {@code body} with its sending end
     * (a producer, like Kotlin's {@code produce}): when {@code body} returns the channel is
     * closed; when it throws, the channel fails with what it threw (so receivers see it). If the
     * receivers close the channel first, the body's next send throws and the body ends.
     *
     * @param body the producer
     * @return the receiving end
     */
    public ReceiveChannel<T> produce(Producer<T> body) {
        Objects.requireNonNull(body, "producer body");
        Channel<T> channel = build();
        Thread.ofVirtual().name("producer-" + channel.name()).start(() -> {
            try {
                body.produce(channel.sendOnly());
                channel.close();
            } catch (Throwable failure) {
                channel.fail(failure);
            }
        });
        return channel.receiveOnly();
    }
}
