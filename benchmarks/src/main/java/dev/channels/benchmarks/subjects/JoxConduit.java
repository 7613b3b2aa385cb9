package dev.channels.benchmarks.subjects;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;

/**
 * A jox 1.0.1 channel. jox 1.0.1 has no {@code tryReceive}; its non-blocking receive is a select
 * over the receive clause and a default clause, which is what {@link #tryReceive()} does.
 */
public final class JoxConduit implements Conduit {
    private final Channel<Integer> channel;
    private final SelectClause<Integer> receiveClause;
    private final SelectClause<Integer> emptyClause;

    JoxConduit(int capacity) {
        this.channel = capacity == 0 ? Channel.newRendezvousChannel()
                : capacity == Subjects.UNLIMITED ? Channel.newUnlimitedChannel()
                : Channel.newBufferedChannel(capacity);
        this.receiveClause = channel.receiveClause();
        this.emptyClause = Select.defaultClause((Integer) null);
    }

    /**
     * The jox channel itself, for workloads that need more than the common operations (select).
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

    @Override
    public Object tryReceive() {
        try {
            Object result = Select.selectOrClosed(receiveClause, emptyClause);
            return result instanceof ChannelClosed ? CLOSED : result;
        } catch (InterruptedException impossible) {
            throw new AssertionError("a select with a default clause waited", impossible);
        }
    }

    @Override
    public void close() {
        channel.done();
    }
}
