package dev.channels.benchmarks.subjects;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;

/** This project's channel: {@code send}, {@code receive}, {@code tryReceive}. */
public class ChannelsConduit implements Conduit {
    private final Channel<Integer> channel;

    ChannelsConduit(int capacity) {
        this(capacity == Subjects.UNLIMITED ? Channel.unlimited() : Channel.buffered(capacity));
    }

    /**
     * Wraps a channel built elsewhere, for instance with observers attached.
     *
     * @param channel the channel
     */
    public ChannelsConduit(Channel<Integer> channel) {
        this.channel = channel;
    }

    /**
     * The channel itself, for workloads that need more than the common operations (select).
     *
     * @return the channel
     */
    public Channel<Integer> channel() {
        return channel;
    }

    @Override
    public void send(Integer value) throws InterruptedException {
        channel.send(value);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return channel.receive();
    }

    /** The API's non-blocking receive; "closed" is a {@link ChannelClosedException}. */
    @Override
    public Object tryReceive() {
        try {
            return channel.tryReceive();
        } catch (ChannelClosedException closed) {
            return CLOSED;
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
