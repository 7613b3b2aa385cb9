package dev.channels.kafka;

import dev.channels.ChannelInterceptor;
import java.util.List;
import java.util.function.Consumer;

/**
 * The interceptor of a Kafka channel's local window: it carries each value's {@link Fetched}
 * (its {@link Ticket}, and its record's headers when the channel carries traces) from the fetch
 * loop (the window's only sender) to whichever thread receives the value, on every receive path of
 * the core (receive, timed, try, batch, iteration, a select's receive clause), and tells the
 * channel there, on the receiving thread with no lock held, that the value was handed out.
 *
 * <p>The fetch loop also receives from the window, to take out the values of revoked partitions;
 * those receives are not hand-outs: while it does, {@link #takingOut} collects them instead.
 *
 * @param <T> the element type
 */
final class HandOut<T> implements ChannelInterceptor<T> {
    private final Consumer<Fetched<T>> handedOut;
    /** The value the fetch loop is sending now; written and read on the fetch loop's thread. */
    private Fetched<T> sending;
    /** While the fetch loop takes values out: where they go. Written and read on the fetch loop's thread. */
    private List<Fetched<T>> takingOut;
    private volatile Thread fetchThread;

    HandOut(Consumer<Fetched<T>> handedOut) {
        this.handedOut = handedOut;
    }

    /** Fetch loop: the next value sent to the window is {@code fetched}'s. */
    void sending(Fetched<T> fetched) {
        fetchThread = Thread.currentThread();
        sending = fetched;
    }

    /** Fetch loop: values it receives from the window go to {@code sink} (null: stop). */
    void takingOut(List<Fetched<T>> sink) {
        fetchThread = Thread.currentThread();
        takingOut = sink;
    }

    @Override
    public Object onSend(T value) {
        return sending;
    }

    @Override
    @SuppressWarnings("unchecked") // what onSend attached
    public void onReceive(T value, Object attachment) {
        Fetched<T> fetched = (Fetched<T>) attachment;
        if (Thread.currentThread() == fetchThread && takingOut != null) {
            takingOut.add(fetched);
            return;
        }
        handedOut.accept(fetched);
    }
}
