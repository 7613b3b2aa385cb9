package dev.channels.kafka;

import dev.channels.ChannelInterceptor;
import java.util.List;
import java.util.function.Consumer;

/**
 * The interceptor of a Kafka channel's local window: it carries each value's {@link Ticket} from
 * the fetch loop (the window's only sender) to whichever thread receives the value, on every
 * receive path of the core (receive, timed, try, batch, iteration, a select's receive clause), and
 * tells the channel there that the value was handed out.
 *
 * <p>The fetch loop also receives from the window, to take out the values of revoked partitions;
 * those receives are not hand-outs: while it does, {@link #takingOut} collects them instead.
 *
 * @param <T> the element type
 */
final class HandOut<T> implements ChannelInterceptor<T> {
    private final Consumer<Ticket> handedOut;
    /** The ticket of the value the fetch loop is sending now; written and read on the fetch loop's thread. */
    private Ticket sending;
    /** While the fetch loop takes values out: where they go. Written and read on the fetch loop's thread. */
    private List<Fetched<T>> takingOut;
    private volatile Thread fetchThread;

    HandOut(Consumer<Ticket> handedOut) {
        this.handedOut = handedOut;
    }

    /** Fetch loop: the next value sent to the window carries {@code ticket}. */
    void sending(Ticket ticket) {
        fetchThread = Thread.currentThread();
        sending = ticket;
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
    public void onReceive(T value, Object attachment) {
        Ticket ticket = (Ticket) attachment;
        if (Thread.currentThread() == fetchThread && takingOut != null) {
            takingOut.add(new Fetched<>(value, ticket));
            return;
        }
        handedOut.accept(ticket);
    }
}
