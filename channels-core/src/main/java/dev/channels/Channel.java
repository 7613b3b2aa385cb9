package dev.channels;

import dev.channels.internal.Capacity;

/**
 * A Go-style channel: a typed conduit through which threads, virtual threads above all, send and
 * receive values, with Go's rules for blocking, ordering and closing.
 *
 * <pre>{@code
 * try (Channel<String> greetings = Channel.buffered(8)) {
 *     Channels.go(() -> greetings.send("hello"));
 *     System.out.println(greetings.receive());
 * }
 * }</pre>
 *
 * <p>Kinds: {@link #rendezvous()} (capacity 0: a send completes only when a receiver takes the
 * value), {@link #buffered(int)} (capacity n: n values are accepted without a receiver) and
 * {@link #unlimited()}; {@link #builder()} adds a name, an {@link OverflowPolicy} and a drop
 * handler. Blocking, closing and interrupt rules are in {@link SendChannel} and
 * {@link ReceiveChannel}; {@link Select} waits on several channels at once.
 *
 * <p>Memory model: a send happens-before the receive of that value completes; a close
 * happens-before a receive that reports "closed"; the k-th receive happens-before the
 * (k + capacity)-th send completes.
 *
 * @param <T> the element type; elements are never null
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T> {
    /** The capacity of an unlimited channel, as {@link #capacity()} reports it. */
    int UNLIMITED = Capacity.UNLIMITED;

    /**
     * A rendezvous channel: capacity 0, each send waits for a receiver (Go's {@code make(chan T)}).
     *
     * @param <T> the element type
     * @return a new channel
     */
    static <T> Channel<T> rendezvous() {
        return Channel.<T>builder().build();
    }

    /**
     * A channel buffering up to {@code capacity} values (Go's {@code make(chan T, capacity)}).
     *
     * @param capacity 0 (rendezvous) or more; {@link #UNLIMITED} means unlimited
     * @param <T> the element type
     * @return a new channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    static <T> Channel<T> buffered(int capacity) {
        return Channel.<T>builder().capacity(capacity).build();
    }

    /**
     * A channel whose buffer grows as needed: sends never block.
     *
     * @param <T> the element type
     * @return a new channel
     */
    static <T> Channel<T> unlimited() {
        return Channel.<T>builder().unlimited().build();
    }

    /**
     * A builder for a channel with a name, capacity, overflow policy, drop handler or observer.
     *
     * @param <T> the element type
     * @return a new builder; rendezvous unless told otherwise
     */
    static <T> ChannelBuilder<T> builder() {
        return new ChannelBuilder<>();
    }

    /**
     * A view of this channel that can only send (Go's {@code chan<- T}); it cannot be cast back.
     *
     * @return the send-only view
     */
    SendChannel<T> sendOnly();

    /**
     * A view of this channel that can only receive (Go's {@code <-chan T}); it cannot be cast back.
     *
     * @return the receive-only view
     */
    ReceiveChannel<T> receiveOnly();

    /**
     * Attaches an observer for blocking and buffer timings. Several may be attached.
     *
     * @param observer the observer
     */
    void addObserver(ChannelObserver observer);

    /**
     * Detaches an observer attached with {@link #addObserver}.
     *
     * @param observer the observer
     * @return true if it was attached
     */
    boolean removeObserver(ChannelObserver observer);
}
