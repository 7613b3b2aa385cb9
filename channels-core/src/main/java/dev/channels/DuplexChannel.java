package dev.channels;

import java.util.Objects;
import java.util.function.Function;

/**
 * Two channels in opposite directions, for request/response between two parties: each step, one
 * side sends a value and receives one back. The {@link #left()} end sends {@code A} and receives
 * {@code B}; the {@link #right()} end does the opposite.
 *
 * <pre>{@code
 * DuplexChannel<String, Integer> lengths = DuplexChannel.rendezvous();
 * Channels.go(() -> lengths.right().serve(String::length));
 * int n = lengths.left().exchange("hello");   // 5
 * lengths.left().close();                      // ends serve()
 * }</pre>
 *
 * <p>Replies match requests in order when one thread uses each end; with several threads on one
 * end, use a channel of requests that carry their own reply channel instead.
 *
 * @param <A> what the left end sends
 * @param <B> what the right end sends
 */
public final class DuplexChannel<A, B> {
    private final End<A, B> left;
    private final End<B, A> right;

    private DuplexChannel(Channel<A> toRight, Channel<B> toLeft) {
        this.left = new End<>(toRight.sendOnly(), toLeft.receiveOnly());
        this.right = new End<>(toLeft.sendOnly(), toRight.receiveOnly());
    }

    /**
     * A duplex channel whose two directions are rendezvous channels: each send waits for the
     * other side.
     *
     * @param <A> what the left end sends
     * @param <B> what the right end sends
     * @return a new duplex channel
     */
    public static <A, B> DuplexChannel<A, B> rendezvous() {
        return buffered(0);
    }

    /**
     * A duplex channel whose two directions buffer {@code capacity} values each.
     *
     * @param capacity each direction's capacity
     * @param <A> what the left end sends
     * @param <B> what the right end sends
     * @return a new duplex channel
     */
    public static <A, B> DuplexChannel<A, B> buffered(int capacity) {
        return new DuplexChannel<>(Channel.buffered(capacity), Channel.buffered(capacity));
    }

    /**
     * The end that sends {@code A} and receives {@code B}.
     *
     * @return the left end
     */
    public End<A, B> left() {
        return left;
    }

    /**
     * The end that sends {@code B} and receives {@code A}.
     *
     * @return the right end
     */
    public End<B, A> right() {
        return right;
    }

    /**
     * One end of a duplex channel.
     *
     * @param <O> what this end sends
     * @param <I> what this end receives
     */
    public static final class End<O, I> implements AutoCloseable {
        private final SendChannel<O> out;
        private final ReceiveChannel<I> in;

        End(SendChannel<O> out, ReceiveChannel<I> in) {
            this.out = out;
            this.in = in;
        }

        /**
         * The outgoing direction.
         *
         * @return the channel this end sends on
         */
        public SendChannel<O> out() {
            return out;
        }

        /**
         * The incoming direction.
         *
         * @return the channel this end receives from
         */
        public ReceiveChannel<I> in() {
            return in;
        }

        /**
         * One step: sends {@code value}, then waits for the value sent back.
         *
         * @param value the value to send
         * @return the value received back
         * @throws ChannelClosedException if either direction is closed
         * @throws InterruptedException if interrupted while waiting; if the send had completed,
         *     the reply is left for the next receive
         */
        public I exchange(O value) throws InterruptedException {
            out.send(value);
            return in.receive();
        }

        /**
         * Answers every incoming value with {@code handler}'s result until the incoming direction
         * is closed, then closes the outgoing one.
         *
         * @param handler computes the reply
         * @throws InterruptedException if interrupted while waiting
         * @throws ChannelClosedException if the incoming direction failed or the outgoing one was closed
         */
        public void serve(Function<? super I, ? extends O> handler) throws InterruptedException {
            Objects.requireNonNull(handler, "handler");
            try {
                while (true) {
                    I request;
                    try {
                        request = in.receive();
                    } catch (ChannelClosedException closed) {
                        if (closed.isFailure()) {
                            throw closed;
                        }
                        return;
                    }
                    out.send(handler.apply(request));
                }
            } finally {
                out.close();
            }
        }

        /** Closes this end's outgoing direction; the other end sees it closed when drained. */
        @Override
        public void close() {
            out.close();
        }
    }
}
