package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ChannelInterruptedException;
import dev.channels.ReceiveChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one consumer of a channel on {@code concurrency} virtual threads until the channel is closed
 * and drained or the container is stopped. The consumer is either a {@link Handler}, called once per
 * value (what a {@link ChannelListener} method becomes), or a {@link Loop} that receives on its own,
 * for consumers that batch, select over several channels or time out.
 *
 * <p>What the consumer throws is logged at ERROR and counted in {@link #failures()}, unless the
 * application is shutting down (see {@link #beginShutdown()}) and the exception is one the shutdown
 * causes: an {@link InterruptedException} (or {@link ChannelInterruptedException}), or a
 * {@link ChannelClosedException} of a channel that was closed rather than failed. Those are logged
 * at INFO (the first of each container, then at DEBUG) and counted in {@link #unfinished()}.
 */
public final class ChannelListenerContainer {
    private static final Log logger = LogFactory.getLog(ChannelListenerContainer.class);

    /** Handles one received value; what it throws is logged and counted. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles {@code value}.
         *
         * @param value a value received from the channel
         * @throws Exception anything; counted as a failure unless the shutdown caused it
         */
        void handle(Object value) throws Exception;
    }

    /**
     * Consumes the channel its own way: receives until the channel is closed and drained, then
     * returns. A {@link ChannelClosedException} from the channel's own end may also end it.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Loop<T> {
        /**
         * Consumes {@code channel} until it is closed and drained.
         *
         * @param channel the channel
         * @throws Exception anything; the loop ends, and it is counted as a failure unless the
         *     shutdown caused it
         */
        void run(ReceiveChannel<T> channel) throws Exception;
    }

    private final String id;
    private final String channelName;
    private final ReceiveChannel<?> channel;
    private final int concurrency;
    private final Handler handler;
    private final Loop<?> loop;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unfinished = new AtomicLong();
    private final AtomicBoolean channelFailureLogged = new AtomicBoolean();
    private final AtomicBoolean unfinishedLogged = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean shuttingDown;
    private volatile boolean stopping;

    /**
     * Creates a container; nothing runs before {@link #start()}.
     *
     * @param id names the listener in logs and metrics, typically {@code beanName.methodName}
     * @param channelName the channel's registry (bean) name
     * @param channel the channel to consume
     * @param concurrency the number of consuming threads, 1 or more
     * @param handler what to do with each value
     */
    public ChannelListenerContainer(String id, String channelName, ReceiveChannel<?> channel, int concurrency,
            Handler handler) {
        this(id, channelName, channel, concurrency, Objects.requireNonNull(handler, "handler"), null);
    }

    private ChannelListenerContainer(String id, String channelName, ReceiveChannel<?> channel, int concurrency,
            Handler handler, Loop<?> loop) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        this.id = Objects.requireNonNull(id, "id");
        this.channelName = Objects.requireNonNull(channelName, "channelName");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.concurrency = concurrency;
        this.handler = handler;
        this.loop = loop;
    }

    /**
     * Creates a container that runs {@code loop} once on each of its threads; nothing runs before
     * {@link #start()}. A thread ends when its loop returns or throws. Registered with the
     * {@link ChannelListenerRegistry} (or declared as a bean), it starts and stops with the
     * listeners, and a graceful shutdown waits for it as for the listeners of {@code channelName}.
     *
     * @param id names the consumer in logs and metrics
     * @param channelName the channel's registry (bean) name
     * @param channel the channel to consume
     * @param concurrency the number of threads, each running the loop, 1 or more
     * @param loop the consumer
     * @param <T> the element type
     * @return the container
     */
    public static <T> ChannelListenerContainer loop(String id, String channelName, ReceiveChannel<T> channel,
            int concurrency, Loop<T> loop) {
        return new ChannelListenerContainer(id, channelName, channel, concurrency, null, Objects.requireNonNull(loop, "loop"));
    }

    /** Starts the consuming threads; does nothing if they were started before. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        Thread.Builder builder = Thread.ofVirtual().name("channel-" + channelName + "-" + id + "-", 1);
        for (int i = 0; i < concurrency; i++) {
            threads.add(builder.start(loop != null ? this::runLoop : this::consume));
        }
    }

    private void consume() {
        while (!stopping) {
            Object value;
            try {
                value = channel.receive();
            } catch (ChannelClosedException closed) {
                channelEnded(closed);
                return;
            } catch (InterruptedException interrupted) {
                return;
            }
            try {
                handler.handle(value);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                if (causedByShutdown(failure)) {
                    cutShort("did not finish a value from channel '" + channelName + "'", failure);
                } else {
                    failures.incrementAndGet();
                    logger.error("Listener " + id + " failed to handle a value from channel '" + channelName + "'", failure);
                }
            }
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void runLoop() {
        try {
            ((Loop) loop).run(channel);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            if (failure instanceof ChannelClosedException closed && closed.channelName().equals(channel.name())
                    && channel.isDrained()) {
                channelEnded(closed);
            } else if (causedByShutdown(failure)) {
                cutShort("was cut short on channel '" + channelName + "'", failure);
            } else {
                failures.incrementAndGet();
                logger.error("Listener " + id + " failed on channel '" + channelName + "' and stops", failure);
            }
        }
    }

    /** The channel consumed is closed and drained: the normal end, unless it failed. */
    private void channelEnded(ChannelClosedException closed) {
        if (closed.isFailure() && channelFailureLogged.compareAndSet(false, true)) {
            logger.warn("Channel '" + channelName + "' failed; listener " + id + " stops", closed.getCause());
        }
    }

    /**
     * Whether {@code failure} is what the shutdown does to a consumer: it closes channels, which a
     * send then finds closed, and after the timeout it interrupts the consumer.
     */
    private boolean causedByShutdown(Throwable failure) {
        if (!shuttingDown && !stopping) {
            return false;
        }
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (cause instanceof InterruptedException || cause instanceof ChannelInterruptedException) {
                return true;
            }
            if (cause instanceof ChannelClosedException closed) {
                return !closed.isFailure();
            }
        }
        return false;
    }

    private void cutShort(String what, Throwable cause) {
        unfinished.incrementAndGet();
        String message = "Listener " + id + " " + what + ": the application is shutting down (" + cause + ")";
        if (unfinishedLogged.compareAndSet(false, true)) {
            logger.info(message);
        } else if (logger.isDebugEnabled()) {
            logger.debug(message);
        }
    }

    /**
     * Tells the container that the application is shutting down: from now on, what the shutdown
     * does to the consumer (channels closed under it, an interrupt after the timeout) is no longer
     * counted as a failure but in {@link #unfinished()}. The threads go on.
     */
    public void beginShutdown() {
        shuttingDown = true;
    }

    /**
     * Asks the threads to stop now: every thread is interrupted, so a thread waiting for a value
     * ends at once, a {@link Handler} thread ends after the value it is handling, and a {@link Loop}
     * ends as it answers the interrupt. Values still buffered stay in the channel.
     */
    public synchronized void stop() {
        stopping = true;
        threads.forEach(Thread::interrupt);
    }

    /**
     * Waits until every thread has ended, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return true if all have ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threadsSnapshot()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                return !isRunning();
            }
        }
        return true;
    }

    /**
     * Whether any consuming thread is still alive.
     *
     * @return true while a loop runs
     */
    public boolean isRunning() {
        return threadsSnapshot().stream().anyMatch(Thread::isAlive);
    }

    private synchronized List<Thread> threadsSnapshot() {
        return List.copyOf(threads);
    }

    /**
     * The listener's name in logs and metrics.
     *
     * @return typically {@code beanName.methodName}
     */
    public String id() {
        return id;
    }

    /**
     * The registry name of the channel consumed.
     *
     * @return the channel's name
     */
    public String channelName() {
        return channelName;
    }

    /**
     * The number of consuming threads.
     *
     * @return 1 or more
     */
    public int concurrency() {
        return concurrency;
    }

    /**
     * How many values the handler failed on so far.
     *
     * @return the failure count
     */
    public long failures() {
        return failures.get();
    }

    /**
     * How many times the shutdown cut the consumer short: values whose handling failed because a
     * channel was closed or the thread interrupted by the shutdown (for a {@link Loop}, each loop
     * that ended so). These are not {@link #failures()}.
     *
     * @return the count
     */
    public long unfinished() {
        return unfinished.get();
    }

    @Override
    public String toString() {
        return "ChannelListenerContainer[" + id + " on '" + channelName + "' x" + concurrency + "]";
    }
}
