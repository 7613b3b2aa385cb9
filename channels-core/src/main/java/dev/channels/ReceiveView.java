package dev.channels;

import dev.channels.internal.ChannelCore;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The receive-only view of a channel: every call goes to the channel; sending and closing are
 * not reachable. Also the base of {@link Ticker}.
 */
class ReceiveView<T> implements ReceiveChannel<T>, CoreAccess {
    private final DefaultChannel<T> channel;

    ReceiveView(DefaultChannel<T> channel) {
        this.channel = channel;
    }

    @Override
    public final ChannelCore core() {
        return channel.core();
    }

    @Override
    public final Interception interception() {
        return channel.interception();
    }

    @Override
    public final T receive() throws InterruptedException {
        return channel.receive();
    }

    @Override
    public final T receive(Duration timeout) throws InterruptedException {
        return channel.receive(timeout);
    }

    @Override
    public final T tryReceive() {
        return channel.tryReceive();
    }

    @Override
    public final int receiveBatch(Collection<? super T> sink, int max) throws InterruptedException {
        return channel.receiveBatch(sink, max);
    }

    @Override
    public final int tryReceiveBatch(Collection<? super T> sink, int max) {
        return channel.tryReceiveBatch(sink, max);
    }

    @Override
    public final boolean isDrained() {
        return channel.isDrained();
    }

    @Override
    public final void awaitDrained() throws InterruptedException {
        channel.awaitDrained();
    }

    @Override
    public final boolean awaitDrained(Duration timeout) throws InterruptedException {
        return channel.awaitDrained(timeout);
    }

    @Override
    public final Iterator<T> iterator() {
        return channel.iterator();
    }

    @Override
    public final Stream<T> stream() {
        return channel.stream();
    }

    @Override
    public final String name() {
        return channel.name();
    }

    @Override
    public final int capacity() {
        return channel.capacity();
    }

    @Override
    public final int size() {
        return channel.size();
    }

    @Override
    public final boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public final ChannelStats stats() {
        return channel.stats();
    }

    @Override
    public final void onClose(Consumer<? super ChannelStats> listener) {
        channel.onClose(listener);
    }

    @Override
    public String toString() {
        return "ReceiveOnly" + channel;
    }
}
