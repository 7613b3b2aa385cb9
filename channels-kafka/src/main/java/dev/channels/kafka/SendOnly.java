package dev.channels.kafka;

import dev.channels.ChannelStats;
import dev.channels.SendChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The send-only view of a {@link KafkaChannel}: it cannot be cast back to the channel. */
final class SendOnly<T> implements SendChannel<T> {
    private final KafkaChannel<T> channel;

    SendOnly(KafkaChannel<T> channel) {
        this.channel = channel;
    }

    @Override
    public void send(T value) throws InterruptedException {
        channel.send(value);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        return channel.send(value, timeout);
    }

    @Override
    public boolean trySend(T value) {
        return channel.trySend(value);
    }

    @Override
    public int sendBatch(List<? extends T> values) throws InterruptedException {
        return channel.sendBatch(values);
    }

    @Override
    public int trySendBatch(List<? extends T> values) {
        return channel.trySendBatch(values);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public boolean fail(Throwable cause) {
        return channel.fail(cause);
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
        return channel + " (send-only)";
    }
}
