package dev.channels;

import dev.channels.internal.ChannelCore;
import dev.channels.internal.NoValue;
import dev.channels.internal.Overflow;
import dev.channels.internal.SendResult;
import dev.channels.internal.SharedTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Go's helpers around channels: {@link #go} (a goroutine), {@link #produce} (a producer),
 * {@link #merge} (fan-in), {@link #after} and {@link #ticker} (timers on one shared timer thread),
 * and {@link #sendOnly} (the send-only view of any send channel).
 */
public final class Channels {
    private Channels() {
    }

    /**
     * A view of {@code channel} that can only send (Go's {@code chan<- T}): every call goes to
     * {@code channel}, nothing else of it is reachable, and the view cannot be cast back to it, nor
     * to a {@link ReceiveChannel}. Works for any {@link SendChannel}, also one made outside this
     * library (which is how such a channel implements {@link Channel#sendOnly()}). In a
     * {@link Select} the view is what {@code channel} is: a channel of this library, or a
     * {@link SelectableChannel} (the view passes its send clauses on), or else refused.
     *
     * @param channel the channel, not null
     * @param <T> the element type
     * @return the send-only view
     */
    public static <T> SendChannel<T> sendOnly(SendChannel<T> channel) {
        return new SendOnlyView<>(Objects.requireNonNull(channel, "channel"));
    }

    /** The body of a {@link #go} thread; may throw, as goroutine bodies in Java often must. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs the task.
         *
         * @throws Exception anything; see {@link #go}
         */
        void run() throws Exception;
    }

    /**
     * Starts {@code task} on a new virtual thread (Go's {@code go}). An {@link InterruptedException}
     * ends the task quietly; anything else it throws reaches the thread's uncaught-exception handler
     * (checked exceptions wrapped in {@link CompletionException}).
     *
     * @param task the task
     * @return the started thread, for {@link Thread#join()}
     */
    public static Thread go(Task task) {
        Objects.requireNonNull(task, "task");
        return Thread.ofVirtual().start(() -> {
            try {
                task.run();
            } catch (InterruptedException interrupted) {
                // A goroutine that was asked to stop has stopped.
            } catch (RuntimeException | Error unchecked) {
                throw unchecked;
            } catch (Exception checked) {
                throw new CompletionException(checked);
            }
        });
    }

    /**
     * Starts a producer on a virtual thread that sends into a new channel of {@code capacity}, and
     * returns the channel's receiving end; see {@link ChannelBuilder#produce}.
     *
     * @param capacity the channel's capacity
     * @param body the producer
     * @param <T> the element type
     * @return the receiving end
     */
    public static <T> ReceiveChannel<T> produce(int capacity, Producer<T> body) {
        return Channel.<T>builder().capacity(capacity).produce(body);
    }

    /**
     * Fan-in: one rendezvous channel that receives every value of every source, each source's
     * values in their order. It closes when all sources are closed and drained; if a source fails,
     * it fails with that source's failure. One virtual thread forwards each source; if the merged
     * channel is closed by its receivers, a forwarder stops at its next value.
     *
     * <p>Values from sources with {@link ChannelInterceptor}s keep their attachments: the
     * forwarders pass them on unopened, and the source's interceptors hear of each value on the
     * thread that receives it from the merged channel (or of its discard, if the merged channel
     * was closed before it could be handed on).
     *
     * @param sources the channels to merge
     * @param <T> the element type
     * @return the merged channel's receiving end
     */
    @SafeVarargs
    public static <T> ReceiveChannel<T> merge(ReceiveChannel<? extends T>... sources) {
        List<ReceiveChannel<? extends T>> list = new ArrayList<>(sources.length);
        for (ReceiveChannel<? extends T> source : sources) {
            list.add(source);
        }
        return merge(list);
    }

    /**
     * Fan-in over a list of sources; see {@link #merge(ReceiveChannel[])}.
     *
     * @param sources the channels to merge
     * @param <T> the element type
     * @return the merged channel's receiving end
     */
    public static <T> ReceiveChannel<T> merge(List<? extends ReceiveChannel<? extends T>> sources) {
        Objects.requireNonNull(sources, "sources");
        sources.forEach(source -> CoreAccess.coreOf(source, "a merged source"));
        DefaultChannel<T> out = new DefaultChannel<>("merge", new ChannelCore(0, Overflow.BLOCK, null), Interception.CARRIER);
        AtomicInteger open = new AtomicInteger(sources.size());
        if (sources.isEmpty()) {
            out.close();
        }
        for (ReceiveChannel<? extends T> source : sources) {
            go(() -> forward(source, out, open));
        }
        return out.receiveOnly();
    }

    /**
     * Moves {@code source}'s items to {@code out} as the engine holds them (a value, or a value in
     * its envelope), so that interceptors hear of each value where it is finally received; the
     * last forwarder to finish closes {@code out}. An item that cannot be handed on (the merged
     * channel was closed, the forwarder interrupted) is discarded.
     */
    private static void forward(ReceiveChannel<?> source, DefaultChannel<?> out, AtomicInteger open)
            throws InterruptedException {
        ChannelCore in = CoreAccess.coreOf(source, "a merged source");
        for (;;) {
            Object item = in.receive(ChannelCore.FOREVER);
            if (item == NoValue.CLOSED) {
                break;
            }
            SendResult result;
            try {
                result = out.core().send(item, ChannelCore.FOREVER);
            } catch (InterruptedException interrupted) {
                throw Interception.discarded(item, interrupted);
            }
            if (result != SendResult.SENT) {
                Interception.discarded(item); // the receivers closed the merged channel
                return;
            }
        }
        if (in.cause() != null) {
            out.fail(in.cause());
        } else if (open.decrementAndGet() == 0) {
            out.close();
        }
    }

    /**
     * A channel that receives the current time once, after {@code delay} (Go's {@code time.After}).
     * Like Go's, it is never closed. Uses the shared timer thread, not a thread of its own.
     *
     * @param delay how long to wait, not negative
     * @return the channel's receiving end
     */
    public static ReceiveChannel<Instant> after(Duration delay) {
        long nanos = Timeouts.nanos(delay, "delay");
        Channel<Instant> channel = Channel.<Instant>builder().name("after-" + delay).capacity(1).build();
        SharedTimer.once(nanos, () -> channel.trySend(Instant.now()));
        return channel.receiveOnly();
    }

    /**
     * A ticker that receives the current time every {@code period} (Go's {@code time.NewTicker}),
     * on the shared timer thread. Stop it with {@link Ticker#close()}.
     *
     * @param period the interval, positive
     * @return the ticker
     */
    public static Ticker ticker(Duration period) {
        return new Ticker(period);
    }
}
