package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ReceiveChannel;
import java.util.Objects;

/**
 * A container that receives values one at a time and passes each to a {@link Handler}: what a
 * {@link ChannelListener} method becomes. Each thread loops: receive a value, handle it, until the
 * channel is closed and drained (the normal end; a failed channel is logged) or the container
 * stops. A value whose handling throws is counted and logged (see
 * {@link ChannelListenerContainer}), and the thread goes on with the next value.
 *
 * <p>Create one with {@link ChannelListenerContainer#perValue}.
 *
 * @param <T> the element type
 */
public final class ValueListenerContainer<T> extends ChannelListenerContainer {
    /**
     * Handles one received value; what it throws is logged and counted.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Handler<T> {
        /**
         * Handles {@code value}.
         *
         * @param value a value received from the channel
         * @throws Exception anything; counted as a failure unless the shutdown caused it
         */
        void handle(T value) throws Exception;
    }

    private final ReceiveChannel<? extends T> channel;
    private final Handler<? super T> handler;

    /**
     * A container of {@code channel} under the registry name {@code channelName}. Only
     * {@link ChannelListener} wiring passes a name of its own: it looked the channel up by that
     * name, so the two agree.
     */
    ValueListenerContainer(String id, String channelName, ReceiveChannel<? extends T> channel, int concurrency,
            Handler<? super T> handler) {
        super(id, channelName, channel, concurrency);
        this.channel = channel;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    void consume() {
        while (!isStopping()) {
            T value;
            try {
                value = channel.receive();
            } catch (ChannelClosedException closed) {
                channelEnded(closed);
                return;
            } catch (InterruptedException interrupted) {
                return;
            }
            handle(value);
        }
    }

    /** Calls the handler with one value; what it throws is counted, and the thread goes on. */
    private void handle(T value) {
        try {
            handler.handle(value);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            consumerThrew("did not finish a value from channel '" + channelName() + "'",
                    "failed to handle a value from channel '" + channelName() + "'", failure);
        }
    }
}
