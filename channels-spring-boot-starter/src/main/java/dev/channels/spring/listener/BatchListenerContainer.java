package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ReceiveChannel;
import dev.channels.SendChannel;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.RetrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A container that collects values into batches and passes each batch to a {@link Handler}: what
 * a {@link ChannelListener} method with {@code batchSize} becomes. Each thread loops: wait while
 * paused, wait for a first value, then take more until the batch holds {@code batchSize} values or
 * {@code batchTimeout} has passed since the first arrived, and hand the batch over (see
 * {@link Delivery}: interceptors, attempts, error handling).
 *
 * <p>Collecting: after the first value, the thread takes every value already buffered at once (up
 * to the batch size), then waits for more only while the timeout allows; a timeout of zero takes
 * only what is there. A batch ends early, and is handed over with what it holds, when the channel
 * is closed and drained (the thread then ends), or when the container pauses or stops. A thread
 * that collects holds its values: they count as {@link #active()}, and the shutdown waits for them.
 *
 * <p>A batch is one call: it is retried, timed and intercepted as one, and when it fails the
 * default error handling logs it once and sends one {@link DeadLetter} per value. The counts
 * ({@link #handled()}, {@link #failures()}) count values.
 *
 * @param <T> the element type
 */
public final class BatchListenerContainer<T> extends ChannelListenerContainer {
    /**
     * Handles one batch; what it throws is retried or passed to the error handling.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Handler<T> {
        /**
         * Handles a batch.
         *
         * @param batch 1 to {@code batchSize} values, in the order received; the handler's to keep
         * @throws Exception anything; a failure of the whole batch unless the shutdown caused it
         */
        void handle(List<T> batch) throws Exception;
    }

    private final ReceiveChannel<? extends T> channel;
    private final int batchSize;
    private final Duration batchTimeout;
    private final Delivery.Target<List<T>> handler;
    private final Delivery delivery = new Delivery(this, true);

    BatchListenerContainer(String id, String channelName, ReceiveChannel<? extends T> channel, int concurrency,
            int batchSize, Duration batchTimeout, Handler<T> handler) {
        super(id, channelName, channel, concurrency);
        String problem = batchSizeProblem("batchSize", batchSize);
        if (problem == null) {
            problem = batchTimeoutProblem("batchTimeout", batchTimeout);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.channel = channel;
        this.batchSize = batchSize;
        this.batchTimeout = batchTimeout;
        Objects.requireNonNull(handler, "handler");
        this.handler = handler::handle;
    }

    /**
     * What is wrong with {@code value} as a batch size, or null: the one range check, used here and
     * by {@link ChannelListener} wiring.
     *
     * @param setting how the value was given, for the message
     * @param value the batch size
     * @return the problem, or null
     */
    static String batchSizeProblem(String setting, int value) {
        return value >= 1 ? null : setting + " is " + value + "; it must be 1 or more";
    }

    /**
     * What is wrong with {@code value} as a batch timeout, or null.
     *
     * @param setting how the value was given, for the message
     * @param value the timeout
     * @return the problem, or null
     */
    static String batchTimeoutProblem(String setting, Duration value) {
        return value != null && !value.isNegative() ? null : setting + " is " + value + "; it must be zero or more";
    }

    /**
     * The most values in a batch.
     *
     * @return 1 or more
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * How long a batch waits for more values after its first.
     *
     * @return zero or more
     */
    public Duration batchTimeout() {
        return batchTimeout;
    }

    /**
     * Sets how often a batch that fails is tried again, in place of the registry's default.
     *
     * @param settings the retries
     * @return this container
     */
    public BatchListenerContainer<T> retry(RetrySettings settings) {
        delivery.retry(settings);
        return this;
    }

    /**
     * Sets where the default error handling sends a {@link DeadLetter} for each value of a batch that
     * still fails after its attempts, in place of the registry's default; null for none.
     *
     * @param channel the dead-letter channel, or null
     * @return this container
     */
    public BatchListenerContainer<T> deadLetter(SendChannel<? super DeadLetter<?>> channel) {
        delivery.deadLetter(channel);
        return this;
    }

    /**
     * Sets what happens to a batch that still fails after its attempts, in place of the default.
     *
     * @param handler the error handler
     * @return this container
     */
    public BatchListenerContainer<T> errorHandler(ChannelListenerErrorHandler handler) {
        delivery.errorHandler(handler);
        return this;
    }

    @Override
    public BatchListenerContainer<T> autoStartup(boolean startWithRegistry) {
        super.autoStartup(startWithRegistry);
        return this;
    }

    /**
     * The retries in effect: as set, else the registry's default once registered.
     *
     * @return the retry settings
     */
    public RetrySettings retrySettings() {
        return delivery.retrySettings();
    }

    @Override
    void applyDefaults(ChannelListenerDefaults defaults) {
        delivery.applyDefaults(defaults);
    }

    @Override
    void consume(Run run, Worker worker) {
        Retrier retrier = delivery.retrier(run, worker);
        receiveTurns(run, worker, channel, first -> {
            List<T> batch = new ArrayList<>(Math.min(batchSize, 1024));
            batch.add(first);
            Ending ending = collect(run, worker, batch);
            boolean woken = worker.leaveReceiving(Worker.HANDLING);
            delivery.deliver(run, worker, retrier, handler, batch, batch.size());
            if (ending.closed != null) {
                channelEnded(ending.closed);
                return false;
            }
            // interrupted by someone else than the container: end, as a per-value thread does
            return !ending.interrupted || woken || run.stopping;
        });
    }

    /** How collecting a batch ended, besides full or late. */
    private record Ending(ChannelClosedException closed, boolean interrupted) {
        static final Ending NONE = new Ending(null, false);
    }

    /** Adds values to {@code batch} until it is full, the timeout passes, or the container pauses or stops. */
    private Ending collect(Run run, Worker worker, List<T> batch) {
        long deadline = System.nanoTime() + batchTimeout.toNanos();
        try {
            while (batch.size() < batchSize && !mustNotTake(run)) {
                channel.tryReceiveBatch(batch, batchSize - batch.size());
                worker.hold(batch.size());
                long left = deadline - System.nanoTime();
                if (batch.size() >= batchSize || left <= 0) {
                    break;
                }
                T next = channel.receive(Duration.ofNanos(left));
                if (next == null) {
                    break;
                }
                batch.add(next);
                worker.hold(batch.size());
            }
            return Ending.NONE;
        } catch (ChannelClosedException closed) {
            return new Ending(closed, false);
        } catch (InterruptedException interrupted) {
            // A waker's interrupt (pause, stop) or stopNow(): hand over what the batch holds.
            return new Ending(null, true);
        }
    }
}
