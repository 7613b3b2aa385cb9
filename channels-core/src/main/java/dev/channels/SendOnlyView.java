package dev.channels;

import dev.channels.internal.ChannelCore;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The send-only view of a send channel: every call goes to the channel; nothing else is reachable.
 * The view of a channel of this library reaches its engine (so a select takes it as the channel);
 * the view of a channel made elsewhere has no engine and passes a select's send clauses on to the
 * channel, if it is a {@link SelectableChannel}.
 */
final class SendOnlyView<T> implements SendChannel<T>, CoreAccess, SelectableChannel<T> {
    private final SendChannel<T> channel;

    SendOnlyView(SendChannel<T> channel) {
        this.channel = channel;
    }

    @Override
    public ChannelCore core() {
        return channel instanceof CoreAccess access ? access.core() : null;
    }

    @Override
    public Interception interception() {
        return channel instanceof CoreAccess access ? access.interception() : null;
    }

    /** Only reached for a channel made elsewhere: a select's send clause goes to it, if it is selectable. */
    @Override
    public Send<?> selectSending(T value) {
        if (channel instanceof SelectableChannel<?> selectable) {
            @SuppressWarnings("unchecked")
            SelectableChannel<T> typed = (SelectableChannel<T>) selectable;
            return typed.selectSending(value);
        }
        throw new IllegalArgumentException("a select's send channel must be a channel made by dev.channels or a"
                + " SelectableChannel, was a send-only view of " + channel.getClass().getName());
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
        return "SendOnly" + channel;
    }
}
