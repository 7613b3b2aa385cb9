package dev.channels;

import dev.channels.internal.Capacity;
import dev.channels.internal.ChannelCore;
import dev.channels.internal.NoValue;
import dev.channels.internal.SendResult;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@link Channel} implementation: typed, checked, exception-raising face over a
 * {@link ChannelCore}, which does all the work.
 *
 * <p>A channel built with {@link ChannelInterceptor}s has an {@link Interception}: each send wraps
 * its value in an envelope before the engine sees it, and each path that takes an item out of the
 * engine unwraps it, telling the interceptors; a send that does not complete discards its envelope.
 * Without interceptors the field is null and each operation is the plain one, behind one null check.
 */
final class DefaultChannel<T> implements Channel<T>, CoreAccess {
    /** The most values a batch receive takes under one hold of the lock. */
    private static final int BATCH_CHUNK = 64;

    private final ChannelCore core;
    private final String name;
    private final Interception interception; // null: no interceptors
    private ObserverList observers; // guarded by this
    private volatile ChannelClosedException drained; // made on first need, once closed and drained

    DefaultChannel(String name, ChannelCore core, Interception interception) {
        this.core = core;
        this.name = name != null ? name : "channel-" + core.id();
        this.interception = interception;
    }

    @Override
    public ChannelCore core() {
        return core;
    }

    @Override
    public Interception interception() {
        return interception;
    }

    // ------------------------------------------------------------------ sending

    @Override
    public void send(T value) throws InterruptedException {
        if (interception != null) {
            sendIntercepted(requireElement(value), ChannelCore.FOREVER);
            return;
        }
        checkResult(core.send(requireElement(value), ChannelCore.FOREVER));
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        requireElement(value);
        long nanos = Timeouts.nanos(timeout, "send timeout");
        if (interception != null) {
            return sendIntercepted(value, nanos);
        }
        return checkResult(core.send(value, nanos));
    }

    @Override
    public boolean trySend(T value) {
        try {
            if (interception != null) {
                return sendIntercepted(requireElement(value), 0);
            }
            return checkResult(core.send(requireElement(value), 0));
        } catch (InterruptedException impossible) {
            throw new AssertionError("a send that does not wait was interrupted", impossible);
        }
    }

    /**
     * A send through the interceptors: the value goes in an envelope, which is discarded unless
     * the send completes (closed, timed out, no room, interrupted).
     */
    private boolean sendIntercepted(Object value, long timeoutNanos) throws InterruptedException {
        Object envelope = interception.wrap(value);
        SendResult result;
        try {
            result = core.send(envelope, timeoutNanos);
        } catch (InterruptedException interrupted) {
            throw Interception.discarded(envelope, interrupted);
        }
        if (result == SendResult.SENT) {
            return true;
        }
        if (result == SendResult.CLOSED) {
            throw Interception.discarded(envelope, closed());
        }
        Interception.discarded(envelope);
        return false;
    }

    /** True for sent, false for would-block or timeout; throws for closed. */
    private boolean checkResult(SendResult result) {
        if (result == SendResult.CLOSED) {
            throw closed();
        }
        return result == SendResult.SENT;
    }

    @Override
    public int sendBatch(List<? extends T> values) throws InterruptedException {
        if (interception != null) {
            return sendBatchIntercepted(requireElements(values), ChannelCore.FOREVER);
        }
        return checkSent(core.sendBatch(requireElements(values), ChannelCore.FOREVER));
    }

    @Override
    public int trySendBatch(List<? extends T> values) {
        try {
            if (interception != null) {
                return sendBatchIntercepted(requireElements(values), 0);
            }
            return checkSent(core.sendBatch(requireElements(values), 0));
        } catch (InterruptedException impossible) {
            throw new AssertionError("a send that does not wait was interrupted", impossible);
        }
    }

    /** A batch send through the interceptors: the envelopes of the values not sent are discarded. */
    private int sendBatchIntercepted(Object[] values, long timeoutNanos) throws InterruptedException {
        Object[] envelopes = interception.wrapAll(values);
        int count;
        try {
            count = core.sendBatch(envelopes, timeoutNanos);
        } catch (InterruptedException interrupted) {
            Throwable failure = Interception.discardedFrom(envelopes, 0, envelopes.length, null);
            if (failure != null) {
                interrupted.addSuppressed(failure);
            }
            throw interrupted;
        }
        int sent = Math.max(count, 0);
        Throwable failure = Interception.discardedFrom(envelopes, sent, envelopes.length, null);
        if (count == ChannelCore.BATCH_CLOSED) {
            ChannelClosedException closed = closed();
            if (failure != null) {
                closed.addSuppressed(failure);
            }
            throw closed;
        }
        if (failure != null) {
            throw sneaky(failure);
        }
        return count;
    }

    /** Rethrows what an interceptor threw as it was, checked or not. */
    @SuppressWarnings("unchecked")
    static <X extends Throwable> X sneaky(Throwable failure) throws X {
        throw (X) failure;
    }

    private int checkSent(int count) {
        if (count == ChannelCore.BATCH_CLOSED) {
            throw closed();
        }
        return count;
    }

    private static final String NULL_ELEMENT = "channel elements must not be null";

    /** The check that a value may be sent: channels carry no nulls (sends, select's send clauses). */
    static <V> V requireElement(V value) {
        return Objects.requireNonNull(value, NULL_ELEMENT);
    }

    /**
     * The batch as an array of the channel's own, read once with {@link List#toArray()} (whose
     * contract leaves the list no reference to it) and checked for nulls: whatever the list does
     * afterwards, or throws now, happens before the channel is locked and cannot change the batch.
     */
    private static Object[] requireElements(List<?> values) {
        Objects.requireNonNull(values, "values");
        Object[] copy = values.toArray();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new NullPointerException(NULL_ELEMENT + ": values[" + i + "] is null");
            }
        }
        return copy;
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public T receive() throws InterruptedException {
        return valueOrNull(core.receive(ChannelCore.FOREVER));
    }

    @Override
    public T receive(Duration timeout) throws InterruptedException {
        return valueOrNull(core.receive(Timeouts.nanos(timeout, "receive timeout")));
    }

    @Override
    public T tryReceive() {
        try {
            return valueOrNull(core.receive(0));
        } catch (InterruptedException impossible) {
            throw new AssertionError("a receive that does not wait was interrupted", impossible);
        }
    }

    private T valueOrNull(Object item) {
        if (item == NoValue.CLOSED) {
            throw drained();
        }
        if (item == NoValue.EMPTY || item == NoValue.TIMED_OUT) {
            return null;
        }
        return delivered(item);
    }

    /**
     * An element taken from the engine, about to be handed to its receiver: unwrapped (its
     * interceptors told) if the channel has interceptors.
     */
    T delivered(Object item) {
        return cast(interception == null ? item : Interception.received(item));
    }

    /** An element taken from the engine: only values of type T are ever sent into it. */
    @SuppressWarnings("unchecked")
    T cast(Object item) {
        return (T) item;
    }

    @Override
    public int receiveBatch(Collection<? super T> sink, int max) throws InterruptedException {
        return receiveBatch(sink, max, ChannelCore.FOREVER);
    }

    @Override
    public int tryReceiveBatch(Collection<? super T> sink, int max) {
        try {
            return receiveBatch(sink, max, 0);
        } catch (InterruptedException impossible) {
            throw new AssertionError("a receive that does not wait was interrupted", impossible);
        }
    }

    /**
     * Takes values in chunks of at most {@link #BATCH_CHUNK}, each under one hold of the lock, into
     * an array allocated before locking; the sink is filled after each chunk, with the lock free.
     * Only the first chunk may wait.
     */
    private int receiveBatch(Collection<? super T> sink, int max, long timeoutNanos) throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Object[] chunk = new Object[Math.min(max, BATCH_CHUNK)];
        int n = core.receiveBatch(chunk, timeoutNanos);
        if (n == ChannelCore.BATCH_CLOSED) {
            throw drained();
        }
        if (interception != null) {
            return receiveBatchIntercepted(sink, max, chunk, n);
        }
        int total = 0;
        for (;;) {
            for (int i = 0; i < n; i++) {
                sink.add(cast(chunk[i]));
                chunk[i] = null;
            }
            total += n;
            if (n < chunk.length || total == max) {
                return total;
            }
            if (max - total < chunk.length) {
                chunk = new Object[max - total];
            }
            n = core.receiveBatch(chunk, 0);
            if (n == 0 || n == ChannelCore.BATCH_CLOSED) {
                return total; // nothing more, or closed and drained since: what was taken is returned
            }
        }
    }

    /**
     * {@link #receiveBatch} after its first chunk, through the interceptors: each value is
     * unwrapped (its interceptors told, in order) and added to the sink. If an interceptor throws,
     * the chunk is finished all the same (every value it took reaches the sink), no further chunk
     * is taken, and the failure is thrown.
     */
    private int receiveBatchIntercepted(Collection<? super T> sink, int max, Object[] chunk, int n)
            throws InterruptedException {
        int total = 0;
        for (;;) {
            Throwable failure = null;
            for (int i = 0; i < n; i++) {
                Object item = chunk[i];
                chunk[i] = null;
                failure = Interception.receivedInBatch(item, failure);
                try {
                    sink.add(cast(Interception.valueOf(item)));
                } catch (RuntimeException | Error refused) {
                    // the rest of the chunk left the channel and will reach no one
                    Throwable also = Interception.discardedFrom(chunk, i + 1, n, failure);
                    if (also != null && also != refused) {
                        refused.addSuppressed(also);
                    }
                    java.util.Arrays.fill(chunk, null);
                    throw refused;
                }
            }
            total += n;
            if (failure != null) {
                throw sneaky(failure);
            }
            if (n < chunk.length || total == max) {
                return total;
            }
            if (max - total < chunk.length) {
                chunk = new Object[max - total];
            }
            n = core.receiveBatch(chunk, 0);
            if (n == 0 || n == ChannelCore.BATCH_CLOSED) {
                return total;
            }
        }
    }

    @Override
    public boolean isDrained() {
        return core.isDrained();
    }

    @Override
    public void awaitDrained() throws InterruptedException {
        core.awaitDrained(ChannelCore.FOREVER);
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return core.awaitDrained(Timeouts.nanos(timeout, "drain timeout"));
    }

    @Override
    public Iterator<T> iterator() {
        return new ChannelIterator<>(this);
    }

    @Override
    public Stream<T> stream() {
        return ChannelIterator.stream(this);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        core.close(null);
    }

    @Override
    public boolean fail(Throwable cause) {
        return core.close(Objects.requireNonNull(cause, "cause"));
    }

    /** The exception for a send that found the channel closed: new each time, with a stack trace. */
    ChannelClosedException closed() {
        return new ChannelClosedException(name, core.cause());
    }

    /** The exception for a receive that found the channel closed and drained: one, shared. */
    ChannelClosedException drained() {
        ChannelClosedException e = drained;
        if (e == null) {
            e = new ChannelClosedException(name, core.cause(), true);
            drained = e;
        }
        return e;
    }

    // --------------------------------------------------------------- observing

    @Override
    public String name() {
        return name;
    }

    @Override
    public int capacity() {
        return core.capacity();
    }

    @Override
    public int size() {
        return core.size();
    }

    @Override
    public boolean isClosed() {
        return core.isClosed();
    }

    @Override
    public ChannelStats stats() {
        return core.stats((size, waitingSenders, waitingReceivers, sent, received, dropped, closed, cause) ->
                new ChannelStats(name, core.capacity(), size, waitingSenders, waitingReceivers,
                        sent, received, dropped, closed, cause));
    }

    @Override
    public void onClose(Consumer<? super ChannelStats> listener) {
        Objects.requireNonNull(listener, "close listener");
        core.onClose(() -> listener.accept(stats()));
    }

    @Override
    public synchronized void addObserver(ChannelObserver observer) {
        Objects.requireNonNull(observer, "observer");
        observers = observers == null ? ObserverList.of(observer) : observers.plus(observer);
        core.probe(observers);
    }

    @Override
    public synchronized boolean removeObserver(ChannelObserver observer) {
        if (observers == null || !observers.contains(observer)) {
            return false;
        }
        observers = observers.minus(observer);
        core.probe(observers);
        return true;
    }

    @Override
    public SendChannel<T> sendOnly() {
        return new SendOnlyView<>(this);
    }

    @Override
    public ReceiveChannel<T> receiveOnly() {
        return new ReceiveView<>(this);
    }

    @Override
    public String toString() {
        return "Channel[" + name + ", " + Capacity.describe(core.capacity()) + (core.isClosed() ? ", closed" : "") + "]";
    }
}
