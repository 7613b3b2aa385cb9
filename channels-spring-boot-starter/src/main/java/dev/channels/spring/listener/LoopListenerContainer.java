package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ReceiveChannel;
import java.util.Objects;

/**
 * A container whose threads each run a {@link Loop} once: for consumers that receive on their own,
 * to batch, to select over several channels or to time out. A thread ends when its loop returns or
 * throws. A {@link ChannelClosedException} of the container's own channel, closed and drained, is
 * the normal end; anything else the loop throws ends it and is counted (see
 * {@link ChannelListenerContainer}).
 *
 * <p>Create one with {@link ChannelListenerContainer#loop}; it belongs to the channel registered
 * under the name of the channel it consumes.
 *
 * @param <T> the element type
 */
public final class LoopListenerContainer<T> extends ChannelListenerContainer {
    /**
     * Consumes the channel its own way: receives until the channel is closed and drained, then
     * returns. A {@link ChannelClosedException} from the channel's own end may also end it.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Loop<T> {
        /**
         * Consumes {@code channel} until it is closed and drained.
         *
         * @param channel the channel
         * @throws Exception anything; the loop ends, and it is counted as a failure unless the
         *     shutdown caused it
         */
        void run(ReceiveChannel<T> channel) throws Exception;
    }

    private final ReceiveChannel<T> channel;
    private final Loop<T> loop;

    LoopListenerContainer(String id, ReceiveChannel<T> channel, int concurrency, Loop<T> loop) {
        super(id, Objects.requireNonNull(channel, "channel").name(), channel, concurrency);
        this.channel = channel;
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    @Override
    void consume() {
        try {
            loop.run(channel);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            if (failure instanceof ChannelClosedException closed && closed.channelName().equals(channel.name())
                    && channel.isDrained()) {
                channelEnded(closed);
            } else {
                consumerThrew("was cut short on channel '" + channelName() + "'",
                        "failed on channel '" + channelName() + "' and stops", failure);
            }
        }
    }
}
