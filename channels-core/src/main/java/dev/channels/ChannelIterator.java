package dev.channels;

import dev.channels.internal.ChannelCore;
import dev.channels.internal.NoValue;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Go's {@code range} over a channel: receives until the channel is closed and drained. */
final class ChannelIterator<T> implements Iterator<T> {
    private final DefaultChannel<T> channel;
    private T next;
    private boolean done;

    ChannelIterator(DefaultChannel<T> channel) {
        this.channel = channel;
    }

    static <T> Stream<T> stream(DefaultChannel<T> channel) {
        Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(
                new ChannelIterator<>(channel), Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        Object item;
        try {
            item = channel.core().receive(ChannelCore.FOREVER);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ChannelInterruptedException(channel.name(), interrupted);
        }
        if (item == NoValue.CLOSED) {
            done = true;
            ChannelClosedException closed = channel.drained();
            if (closed.isFailure()) {
                throw closed;
            }
            return false;
        }
        next = channel.delivered(item); // its interceptors hear of it now, before hasNext says so
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("channel '" + channel.name() + "' is closed and drained");
        }
        T value = next;
        next = null;
        return value;
    }
}
