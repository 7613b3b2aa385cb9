package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ReceiveChannel;
import java.util.Objects;

/**
 * A container whose threads each run a {@link Loop} once: for consumers that receive on their own,
 * to select over several channels or to time out. A thread ends when its loop returns or throws. A
 * {@link ChannelClosedException} of the container's own channel, closed and drained, is the normal
 * end; anything else the loop throws ends it and is counted (see {@link ChannelListenerContainer}).
 *
 * <p>The container does not take the values itself, so it cannot pause its loops
 * ({@link #pause()} is refused), and retries, dead letters, interceptors and observers do not
 * apply. {@link #stop()} asks the loops to end by interrupting them, as {@link #stopNow()} does.
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

    /**
     * Refused: a loop receives on its own, so the container cannot hold it back between values.
     * Stop it instead.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void pause() {
        throw new UnsupportedOperationException("Listener " + id() + " is a loop container, which receives on its own"
                + " and cannot be paused; stop it instead");
    }

    @Override
    public LoopListenerContainer<T> autoStartup(boolean startWithRegistry) {
        super.autoStartup(startWithRegistry);
        return this;
    }

    /** A loop waits wherever it likes: interrupting it is the one way to ask it to end. */
    @Override
    void stopThreads(Run run) {
        interrupt(run);
    }

    @Override
    void consume(Run run, Worker worker) {
        if (run.stopping) {
            return;
        }
        worker.handling(1);
        try {
            loop.run(channel);
            worker.handled(0);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            if (failure instanceof ChannelClosedException closed && closed.channelName().equals(channel.name())
                    && channel.isDrained()) {
                worker.handled(0);
                channelEnded(closed);
            } else if (causedByShutdown(run, failure)) {
                logUnfinished("was cut short on channel '" + channelName() + "'", failure);
                worker.unfinished(1);
            } else {
                worker.failedLoop();
                logger.error("Listener " + id() + " failed on channel '" + channelName() + "' and stops", failure);
            }
        }
    }
}
