package dev.channels.kafka;

import dev.channels.ChannelStats;
import dev.channels.ReceiveChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The receive-only view of a {@link KafkaChannel}: it cannot be cast back to the channel. */
final class ReceiveOnly<T> implements ReceiveChannel<T> {
    private final KafkaChannel<T> channel;

    ReceiveOnly(KafkaChannel<T> channel) {
        this.channel = channel;
    }

    @Override
    public T receive() throws InterruptedException {
        return channel.receive();
    }

    @Override
    public T receive(Duration timeout) throws InterruptedException {
        return channel.receive(timeout);
    }

    @Override
    public T tryReceive() {
        return channel.tryReceive();
    }

    @Override
    public int receiveBatch(Collection<? super T> sink, int max) throws InterruptedException {
        return channel.receiveBatch(sink, max);
    }

    @Override
    public int tryReceiveBatch(Collection<? super T> sink, int max) {
        return channel.tryReceiveBatch(sink, max);
    }

    @Override
    public boolean isDrained() {
        return channel.isDrained();
    }

    @Override
    public void awaitDrained() throws InterruptedException {
        channel.awaitDrained();
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return channel.awaitDrained(timeout);
    }

    @Override
    public Iterator<T> iterator() {
        return channel.iterator();
    }

    @Override
    public Stream<T> stream() {
        return channel.stream();
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public int capacity() {
        return channel.capacity();
    }

    @Override
    public int size() {
        return channel.size();
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public ChannelStats stats() {
        return channel.stats();
    }

    @Override
    public void onClose(Consumer<? super ChannelStats> listener) {
        channel.onClose(listener);
    }

    @Override
    public String toString() {
        return channel + " (receive-only)";
    }
}
