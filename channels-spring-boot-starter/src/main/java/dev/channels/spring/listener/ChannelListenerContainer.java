package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ChannelInterruptedException;
import dev.channels.ReceiveChannel;
import dev.channels.spring.support.Deadline;
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
 * and drained or the container is stopped. Each way of consuming is a type of its own:
 * <ul>
 * <li>{@link ValueListenerContainer}: receives each value and passes it to a
 * {@link ValueListenerContainer.Handler} (what a {@link ChannelListener} method becomes); create it
 * with {@link #perValue perValue};
 * <li>{@link LoopListenerContainer}: runs a {@link LoopListenerContainer.Loop} that receives on its
 * own, for consumers that batch, select over several channels or time out; create it with
 * {@link #loop loop}.
 * </ul>
 * Both start and stop the same way, count their failures the same way, and are registered,
 * measured and waited for at shutdown alike (by the {@link ChannelListenerRegistry}, the meters and
 * the lifecycle), through this type.
 *
 * <p>What the consumer throws is logged at ERROR and counted in {@link #failures()}, unless the
 * application is shutting down (see {@link #beginShutdown()}) or the container is stopping, and the
 * exception is one the shutdown causes: an {@link InterruptedException} (or
 * {@link ChannelInterruptedException}), or a {@link ChannelClosedException} of a channel that was
 * closed rather than failed. Those are logged at INFO (the first of each container, then at DEBUG)
 * and counted in {@link #unfinished()}.
 *
 * <p>Threads: {@link #start()} and {@link #stop()} may be called from any thread. The container's
 * lock guards only its list of threads; no consumer code runs under it. Starting is done once:
 * {@link #start()} after {@link #start()} or after {@link #stop()} does nothing.
 */
public abstract sealed class ChannelListenerContainer permits ValueListenerContainer, LoopListenerContainer {
    /** One logger for every mode, so that one logging setting covers all listeners. */
    static final Log logger = LogFactory.getLog(ChannelListenerContainer.class);

    private final String id;
    private final String channelName;
    private final ReceiveChannel<?> channel;
    private final int concurrency;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong unfinished = new AtomicLong();
    private final AtomicBoolean channelFailureLogged = new AtomicBoolean();
    private final AtomicBoolean unfinishedLogged = new AtomicBoolean();
    private final Object threadsLock = new Object();
    private final List<Thread> threads = new ArrayList<>(); // guarded by threadsLock
    private boolean startedOrStopped; // guarded by threadsLock
    private volatile boolean shuttingDown;
    private volatile boolean stopping;

    ChannelListenerContainer(String id, String channelName, ReceiveChannel<?> channel, int concurrency) {
        this.id = Objects.requireNonNull(id, "id");
        this.channelName = Objects.requireNonNull(channelName, "channelName");
        this.channel = Objects.requireNonNull(channel, "channel");
        String problem = concurrencyProblem("concurrency", concurrency);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.concurrency = concurrency;
    }

    /**
     * A container that calls {@code handler} once for each value received from {@code channel},
     * on each of its {@code concurrency} threads; nothing runs before {@link #start()}. A value
     * whose handling throws is counted and logged, and the thread goes on with the next one.
     *
     * @param id names the listener in logs and metrics
     * @param channel the channel to consume; the container belongs to the channel registered under
     *     its {@link ReceiveChannel#name() name}
     * @param concurrency the number of consuming threads, 1 or more
     * @param handler what to do with each value
     * @param <T> the element type
     * @return the container
     * @throws IllegalArgumentException if {@code concurrency} is below 1
     */
    public static <T> ValueListenerContainer<T> perValue(String id, ReceiveChannel<T> channel, int concurrency,
            ValueListenerContainer.Handler<? super T> handler) {
        return new ValueListenerContainer<>(id, Objects.requireNonNull(channel, "channel").name(), channel, concurrency,
                handler);
    }

    /**
     * A container that runs {@code loop} once on each of its {@code concurrency} threads; nothing
     * runs before {@link #start()}. A thread ends when its loop returns or throws. Registered with
     * the {@link ChannelListenerRegistry} (or declared as a bean), it starts and stops with the
     * listeners, and a graceful shutdown waits for it as for the listeners of its channel.
     *
     * <p>The channel is the one reference the container keeps: it belongs to the channel registered
     * under {@code channel.name()}. A channel built by a {@code channels.instances} entry or by
     * {@code ChannelRegistry.create} has its registry name as its own; give a channel that you
     * declare as a bean yourself the name of its bean ({@code Channel.builder().name("payments")}).
     * A container bean whose channel is not registered under its name fails start-up.
     *
     * @param id names the consumer in logs and metrics
     * @param channel the channel to consume
     * @param concurrency the number of threads, each running the loop, 1 or more
     * @param loop the consumer
     * @param <T> the element type
     * @return the container
     * @throws IllegalArgumentException if {@code concurrency} is below 1
     */
    public static <T> LoopListenerContainer<T> loop(String id, ReceiveChannel<T> channel, int concurrency,
            LoopListenerContainer.Loop<T> loop) {
        return new LoopListenerContainer<>(id, channel, concurrency, loop);
    }

    /**
     * What is wrong with {@code value} as a number of consuming threads, or null if nothing is.
     * The one range check of concurrency: the containers and {@link ChannelListener} wiring both
     * use it.
     *
     * @param setting how the value was given, for the message (such as {@code concurrency})
     * @param value the number of threads
     * @return the problem, or null
     */
    static String concurrencyProblem(String setting, int value) {
        return value >= 1 ? null : setting + " is " + value + "; it must be 1 or more";
    }

    /** Starts the consuming threads; does nothing if they were started or stopped before. */
    public final void start() {
        synchronized (threadsLock) {
            if (startedOrStopped) {
                return;
            }
            startedOrStopped = true;
            Thread.Builder builder = Thread.ofVirtual().name("channel-" + channelName + "-" + id + "-", 1);
            for (int i = 0; i < concurrency; i++) {
                threads.add(builder.start(this::consume));
            }
        }
    }

    /**
     * The work of one consuming thread: this mode's way of consuming, until the channel is closed
     * and drained, the container stops or (for a loop) the consumer returns.
     */
    abstract void consume();

    /**
     * Tells the container that the application is shutting down: from now on, what the shutdown
     * does to the consumer (channels closed under it, an interrupt after the timeout) is no longer
     * counted as a failure but in {@link #unfinished()}. The threads go on.
     */
    public final void beginShutdown() {
        shuttingDown = true;
    }

    /**
     * Asks the threads to stop now: every thread is interrupted, so a thread waiting for a value
     * ends at once, a {@link ValueListenerContainer} thread ends after the value it is handling, and
     * a {@link LoopListenerContainer} thread ends as its loop answers the interrupt. Values still
     * buffered stay in the channel. A container stopped before it started never starts.
     */
    public final void stop() {
        stopping = true;
        synchronized (threadsLock) {
            startedOrStopped = true;
            threads.forEach(Thread::interrupt);
        }
    }

    /**
     * Waits until every thread has ended, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return true if all have ended
     * @throws InterruptedException if interrupted while waiting
     */
    public final boolean awaitTermination(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        for (Thread thread : threadsSnapshot()) {
            if (deadline.passed() || !thread.join(deadline.left())) {
                return !isRunning();
            }
        }
        return true;
    }

    /**
     * Whether any consuming thread is still alive.
     *
     * @return true while a thread consumes
     */
    public final boolean isRunning() {
        return threadsSnapshot().stream().anyMatch(Thread::isAlive);
    }

    private List<Thread> threadsSnapshot() {
        synchronized (threadsLock) {
            return List.copyOf(threads);
        }
    }

    /**
     * The listener's name in logs and metrics.
     *
     * @return for a {@link ChannelListener} method, {@code beanName.methodName}
     */
    public final String id() {
        return id;
    }

    /**
     * The registry name of the channel consumed: the lifecycle waits for this container when it
     * closes the channel of that name, and the meters tag its counts with it.
     *
     * @return the channel's name
     */
    public final String channelName() {
        return channelName;
    }

    /** The channel consumed, for the checks at registration. */
    final ReceiveChannel<?> channel() {
        return channel;
    }

    /**
     * The number of consuming threads.
     *
     * @return 1 or more
     */
    public final int concurrency() {
        return concurrency;
    }

    /**
     * How many times the consumer failed so far: values the handler threw on, or loops that threw.
     *
     * @return the failure count
     */
    public final long failures() {
        return failures.get();
    }

    /**
     * How many times the shutdown cut the consumer short: values whose handling failed because a
     * channel was closed or the thread interrupted by the shutdown (for a loop, each loop that
     * ended so). These are not {@link #failures()}.
     *
     * @return the count
     */
    public final long unfinished() {
        return unfinished.get();
    }

    /** Whether {@link #stop()} was called: consuming threads take no more values. */
    final boolean isStopping() {
        return stopping;
    }

    /** The channel consumed is closed and drained: the normal end, unless it failed. */
    final void channelEnded(ChannelClosedException closed) {
        if (closed.isFailure() && channelFailureLogged.compareAndSet(false, true)) {
            logger.warn("Channel '" + channelName + "' failed; listener " + id + " stops", closed.getCause());
        }
    }

    /**
     * Counts and logs what the consumer threw: as unfinished work if the shutdown caused it, else as
     * a failure.
     *
     * @param cutShort what the consumer did not do, for the INFO line, such as "did not finish a
     *     value from channel 'orders'"
     * @param failed what went wrong, for the ERROR line, such as "failed to handle a value from
     *     channel 'orders'"
     * @param failure what was thrown
     */
    final void consumerThrew(String cutShort, String failed, Throwable failure) {
        if (causedByShutdown(failure)) {
            unfinished.incrementAndGet();
            String message = "Listener " + id + " " + cutShort + ": the application is shutting down (" + failure + ")";
            if (unfinishedLogged.compareAndSet(false, true)) {
                logger.info(message);
            } else if (logger.isDebugEnabled()) {
                logger.debug(message);
            }
        } else {
            failures.incrementAndGet();
            logger.error("Listener " + id + " " + failed, failure);
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

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + id + " on '" + channelName + "' x" + concurrency + "]";
    }
}
