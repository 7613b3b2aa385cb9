package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.ChannelInterruptedException;
import dev.channels.ReceiveChannel;
import dev.channels.spring.support.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one consumer of a channel on {@code concurrency} virtual threads until the channel is closed
 * and drained or the container is stopped. Each way of consuming is a type of its own:
 * <ul>
 * <li>{@link ValueListenerContainer}: receives each value and passes it to a
 * {@link ValueListenerContainer.Handler} (what a {@link ChannelListener} method becomes); create it
 * with {@link #perValue perValue};
 * <li>{@link BatchListenerContainer}: receives up to a batch size of values, or fewer once a batch
 * timeout has passed since the first, and passes them to a {@link BatchListenerContainer.Handler}
 * as a list; create it with {@link #batches batches};
 * <li>{@link LoopListenerContainer}: runs a {@link LoopListenerContainer.Loop} that receives on its
 * own, for consumers that select over several channels or time out; create it with
 * {@link #loop loop}.
 * </ul>
 * All three start, stop and count the same way, and are registered, measured and waited for at
 * shutdown alike (by the {@link ChannelListenerRegistry}, the meters and the lifecycle), through this
 * type. The per-value and batch modes also retry, dead-letter, pause and take interceptors.
 *
 * <p><b>Lifecycle.</b> {@link #start()} starts the threads (a <em>run</em>); {@link #pause()} makes
 * them finish what they hold and take no more until {@link #resume()}, so the channel fills and its
 * senders wait; {@link #stop()} makes them finish what they hold and end, and {@link #start()}
 * starts a new run; {@link #stopNow()} also interrupts them, cuts a back-off between attempts short
 * and is final. Once the application is shutting down ({@link #beginShutdown(Deadline)}) the
 * container starts no more, a paused one ends, and a back-off that would outlast the shutdown's
 * deadline is cut short too. A thread waiting for a value when the container pauses or
 * stops is woken without taking one: the container interrupts only threads that wait in a receive,
 * and clears that interrupt before any listener code runs (see {@link Worker}).
 *
 * <p><b>Counting.</b> What the consumer fails on is counted in {@link #failures()}, unless the
 * application is shutting down or the threads were interrupted to stop, and the exception is one
 * that causes: an
 * {@link InterruptedException} (or {@link ChannelInterruptedException}), or a
 * {@link ChannelClosedException} of a channel that was closed rather than failed. Those are logged
 * at INFO (the first of each container, then at DEBUG) and counted in {@link #unfinished()}, as are
 * values whose retries the shutdown cut short. After the shutdown's timeout,
 * {@link #abandonValuesInHand(Duration)} counts what the threads still hold as unfinished too, once.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. The container's lock guards only
 * its runs and their threads, and its gate only the pause and stop signals; no listener code runs
 * under either, and a consuming thread never waits for another consuming thread.
 */
public abstract sealed class ChannelListenerContainer permits ValueListenerContainer, BatchListenerContainer,
        LoopListenerContainer {
    /** One logger for every mode, so that one logging setting covers all listeners. */
    static final Log logger = LogFactory.getLog(ChannelListenerContainer.class);

    private static final ChannelListenerInterceptor[] NO_INTERCEPTORS = {};
    private static final ListenerObserver[] NO_OBSERVERS = {};
    /** The container whose consuming thread this is; set for the thread's life (see {@link #ofCurrentThread()}). */
    private static final ThreadLocal<ChannelListenerContainer> CONSUMING = new ThreadLocal<>();

    private final String id;
    private final String channelName;
    private final ReceiveChannel<?> channel;
    private final int concurrency;
    private final AtomicBoolean channelFailureLogged = new AtomicBoolean();
    private final AtomicBoolean unfinishedLogged = new AtomicBoolean();
    private final AtomicLong abandoned = new AtomicLong(); // values counted unfinished by abandonValuesInHand
    private final Object lock = new Object();
    private final List<Worker> workers = new CopyOnWriteArrayList<>(); // workers whose threads run; changed under lock
    private final long[] retired = new long[5]; // the counts of ended workers; guarded by lock
    private Run run; // the latest run, or null before the first; guarded by lock
    private boolean terminated; // stopNow(): never starts again; guarded by lock
    private volatile Boolean autoStartup; // null: the registry's default
    private volatile boolean paused;
    private volatile boolean shuttingDown;
    private volatile Deadline shutdownDeadline; // when the shutdown stops waiting; null: no time given
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition signalled = gate.newCondition(); // pause lifted, stop, shutdown
    private volatile ChannelListenerInterceptor[] interceptors = NO_INTERCEPTORS;
    private volatile ListenerObserver[] observers = NO_OBSERVERS;

    /** One start of the threads; stopping it ends them. */
    static final class Run {
        final List<Worker> workers;
        /** The threads take no more values and end. */
        volatile boolean stopping;
        /** The threads were interrupted: what that causes is unfinished work, and back-offs end. */
        volatile boolean interrupting;

        Run(List<Worker> workers) {
            this.workers = workers;
        }
    }

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
     * whose handling throws is retried if so configured, then passed to the error handling, and the
     * thread goes on with the next one.
     *
     * @param id names the listener in logs, metrics, the endpoint and the registry
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
     * A container that calls {@code handler} with batches of values received from {@code channel}:
     * each batch holds up to {@code batchSize} values, fewer if {@code batchTimeout} passed since
     * its first value arrived (zero: only the values there when the first arrived), or if the
     * channel was closed and drained, paused or stopped meanwhile. Each of the {@code concurrency}
     * threads collects its own batches.
     *
     * @param id names the listener
     * @param channel the channel to consume
     * @param concurrency the number of consuming threads, 1 or more
     * @param batchSize the most values in a batch, 1 or more
     * @param batchTimeout how long a batch waits for more values after its first, zero or more
     * @param handler what to do with each batch
     * @param <T> the element type
     * @return the container
     * @throws IllegalArgumentException if {@code concurrency} or {@code batchSize} is below 1, or the
     *     timeout is negative
     */
    public static <T> BatchListenerContainer<T> batches(String id, ReceiveChannel<T> channel, int concurrency,
            int batchSize, Duration batchTimeout, BatchListenerContainer.Handler<T> handler) {
        return new BatchListenerContainer<>(id, Objects.requireNonNull(channel, "channel").name(), channel, concurrency,
                batchSize, batchTimeout, handler);
    }

    /**
     * A container that runs {@code loop} once on each of its {@code concurrency} threads; nothing
     * runs before {@link #start()}. A thread ends when its loop returns or throws. Registered with
     * the {@link ChannelListenerRegistry} (or declared as a bean), it starts and stops with the
     * listeners, and a graceful shutdown waits for it as for the listeners of its channel. A loop
     * receives on its own, so it cannot be paused, and retries and dead letters do not apply to it.
     *
     * <p>The channel is the one reference the container keeps: it belongs to the channel registered
     * under {@code channel.name()}. A channel built by a {@code channels.instances} entry or by
     * {@code ChannelRegistry.create} has its registry name as its own; give a channel that you
     * declare as a bean yourself the name of its bean ({@code Channel.builder().name("payments")}).
     * A container whose channel is not registered under its name is refused when registered.
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

    // --- lifecycle ----------------------------------------------------------------------------------

    /**
     * Starts the consuming threads, unless they run already, the application is shutting down or
     * the container was {@link #stopNow() stopped for good}. After {@link #stop()} it starts a new
     * run; a paused container starts paused.
     */
    public final void start() {
        synchronized (lock) {
            if (terminated || shuttingDown || (run != null && !run.stopping && anyAlive(run))) {
                return;
            }
            List<Worker> started = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                started.add(new Worker());
            }
            Run next = new Run(List.copyOf(started));
            Thread.Builder builder = Thread.ofVirtual().name("channel-" + channelName + "-" + id + "-", 1);
            for (Worker worker : next.workers) {
                workers.add(worker);
                // The worker knows its thread before the thread runs, so a waker can always reach it.
                worker.bind(builder.unstarted(() -> runWorker(next, worker)));
            }
            run = next;
            next.workers.forEach(worker -> worker.thread().start());
        }
    }

    private void runWorker(Run current, Worker worker) {
        CONSUMING.set(this);
        try {
            consume(current, worker);
        } finally {
            CONSUMING.remove();
            worker.done();
            retire(worker);
        }
    }

    /**
     * The container whose consuming thread calls this, if it is one: for a channel that treats
     * the values a listener receives apart from those of any other receiver (a Kafka channel
     * commits a listener's values once the listener returned, anyone else's once received).
     *
     * @return the container, or empty on any other thread
     */
    public static Optional<ChannelListenerContainer> ofCurrentThread() {
        return Optional.ofNullable(CONSUMING.get());
    }

    /** An ended worker's counts join those of the workers before it, so that runs started again and again cost nothing. */
    private void retire(Worker worker) {
        synchronized (lock) {
            if (workers.remove(worker)) {
                retired[0] += worker.handled();
                retired[1] += worker.failed();
                retired[2] += worker.unfinished();
                retired[3] += worker.retried();
                retired[4] += worker.deadLettered();
            }
        }
    }

    /** A count over every worker, ended or running. */
    private long count(int index, java.util.function.ToLongFunction<Worker> live) {
        synchronized (lock) {
            long sum = retired[index];
            for (Worker worker : workers) {
                sum += live.applyAsLong(worker);
            }
            return sum;
        }
    }

    /**
     * The work of one consuming thread: this mode's way of consuming, until the channel is closed
     * and drained, the run stops or (for a loop) the consumer returns.
     */
    abstract void consume(Run current, Worker worker);

    /**
     * Pauses the consuming threads: each finishes what it holds and takes no more until
     * {@link #resume()}; a thread waiting for a value stops waiting without taking one. The channel
     * keeps what is sent, so it fills and its senders wait (or its overflow policy drops). A
     * container paused before it starts starts paused.
     *
     * @throws UnsupportedOperationException for a {@link LoopListenerContainer}, which receives on its own
     */
    public void pause() {
        paused = true;
        wakeReceivers();
    }

    /** Lets paused threads take values again; does nothing if the container is not paused. */
    public final void resume() {
        paused = false;
        signal();
    }

    /**
     * Stops the consuming threads: each finishes what it holds (retries included) and ends; a thread
     * waiting for a value stops waiting without taking one. Values still buffered stay in the channel. {@link #start()} starts the
     * container again. Returns at once; {@link #awaitTermination} waits for the threads.
     */
    public final void stop() {
        Run stopped;
        synchronized (lock) {
            stopped = run;
            if (stopped == null) {
                return;
            }
            stopped.stopping = true;
        }
        stopThreads(stopped);
        signal();
    }

    /** How {@link #stop()} reaches the threads: it wakes those waiting in a receive. */
    void stopThreads(Run stopped) {
        stopped.workers.forEach(Worker::wake);
    }

    /** Interrupts every thread of {@code stopped}. */
    static void interrupt(Run stopped) {
        stopped.interrupting = true;
        for (Worker worker : stopped.workers) {
            Thread thread = worker.thread();
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /**
     * Stops the consuming threads now and for good: as {@link #stop()}, and every thread is
     * interrupted, so a listener that waits is cut short. A container stopped so before it started
     * never starts. The shutdown does this to listeners still running after its timeout.
     */
    public final void stopNow() {
        Run stopped;
        synchronized (lock) {
            terminated = true;
            stopped = run;
            if (stopped != null) {
                stopped.stopping = true;
                stopped.interrupting = true;
            }
        }
        signal();
        if (stopped != null) {
            interrupt(stopped);
        }
    }

    /**
     * Tells the container that the application is shutting down, with no time to wait for retries:
     * as {@link #beginShutdown(Deadline)} with a deadline that has passed.
     */
    public final void beginShutdown() {
        beginShutdown(null);
    }

    /**
     * Tells the container that the application is shutting down and stops waiting for it at
     * {@code deadline}: from now on it starts no more, a paused container's threads end, a back-off
     * between attempts that would end after the deadline is cut short (the value is unfinished; a
     * shorter one runs its course, and the value is tried again as part of the drain), and what the
     * shutdown does to the consumer (channels closed under it, an interrupt after the timeout) is no
     * longer counted as a failure but in {@link #unfinished()}. Running threads go on draining.
     *
     * @param deadline when the shutdown stops waiting, or null for now
     */
    public final void beginShutdown(Deadline deadline) {
        shutdownDeadline = deadline;
        shuttingDown = true;
        signal();
    }

    /**
     * What the container is doing now.
     *
     * @return running, paused or stopped (not started, stopped, or ended with its channel)
     */
    public final ListenerState state() {
        Run current;
        synchronized (lock) {
            current = run;
        }
        if (current == null || current.stopping || !anyAlive(current)) {
            return ListenerState.STOPPED;
        }
        return paused ? ListenerState.PAUSED : ListenerState.RUNNING;
    }

    /**
     * Whether the container starts when its registry starts: as set with {@link #autoStartup(boolean)},
     * else the registry's default.
     *
     * @param byDefault the registry's default
     * @return whether to start it with the registry
     */
    final boolean startsWithRegistry(boolean byDefault) {
        Boolean set = autoStartup;
        return set != null ? set : byDefault;
    }

    /**
     * Sets whether the container starts when its registry starts; by default it follows the
     * registry (in the starter, {@code channels.listeners.auto-startup}, true unless set). A
     * container that does not start with the registry is started with {@link #start()} or
     * {@link ChannelListenerRegistry#start(String)}.
     *
     * @param startWithRegistry false to leave it stopped until started
     * @return this container
     */
    public ChannelListenerContainer autoStartup(boolean startWithRegistry) {
        this.autoStartup = startWithRegistry;
        return this;
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
        for (Worker worker : workers) {
            Thread thread = worker.thread();
            if (thread != null && (deadline.passed() || !thread.join(deadline.left()))) {
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
        return workers.stream().anyMatch(Worker::isAlive);
    }

    private static boolean anyAlive(Run current) {
        return current.workers.stream().anyMatch(Worker::isAlive);
    }

    /**
     * Counts the values the threads hold now as unfinished (in {@link #unfinished()}), once: a
     * thread that later finishes one of them does not count it again. For the shutdown, after
     * {@link #stopNow()} and a grace period: it first waits, at most {@code hangLimit}, until every
     * thread holds its values or has ended (after {@code stopNow()} a thread that is between values
     * ends without running listener code), so that a value taken from the channel is either counted
     * here or by its thread. If the caller is interrupted, or is interrupted while it waits, it
     * stops waiting and counts what the threads hold then; the interrupt status stays set.
     *
     * @param hangLimit how long to wait for threads between values; only bounds a hang
     * @return the values counted
     */
    public final int abandonValuesInHand(Duration hangLimit) {
        Deadline deadline = Deadline.after(hangLimit);
        boolean interrupted = Thread.currentThread().isInterrupted();
        while (!interrupted && workers.stream().anyMatch(worker -> worker.isAlive() && worker.isSettling())
                && !deadline.passed()) {
            try {
                TimeUnit.MILLISECONDS.sleep(1);
            } catch (InterruptedException stopWaiting) {
                interrupted = true;
                Thread.currentThread().interrupt();
            }
        }
        int counted = 0;
        for (Worker worker : workers) {
            counted += worker.abandon();
        }
        abandoned.addAndGet(counted);
        return counted;
    }

    // --- what the threads call ------------------------------------------------------------------------

    /**
     * Before taking a value: waits while the container is paused.
     *
     * @return false if the thread must end: its run stops, or the container is paused while the
     *     application shuts down
     */
    final boolean awaitTurn(Run current) {
        if (!paused && !current.stopping) {
            return true;
        }
        gate.lock();
        try {
            while (paused && !current.stopping && !shuttingDown) {
                signalled.await();
            }
        } catch (InterruptedException stop) {
            return false;
        } finally {
            gate.unlock();
        }
        return !current.stopping && !paused;
    }

    /** After announcing a receive: whether the thread must not take a value after all (checked again at the gate). */
    final boolean mustNotTake(Run current) {
        return paused || current.stopping;
    }

    /**
     * What a thread that receives for itself does with each first value of a turn; see
     * {@link #receiveTurns}.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    interface Turn<T> {
        /**
         * Takes over {@code first}, which the worker holds and is still receiving, and hands it
         * (with whatever else this mode collects) to the listener.
         *
         * @return false if the thread must end
         */
        boolean handOver(T first);
    }

    /**
     * The loop of a thread that receives values itself (one at a time or in batches): each turn
     * waits at the gate, announces a receive, receives one value and gives it to {@code turn},
     * until the channel is closed and drained (the normal end), the run stops, or {@code turn}
     * says the thread ends. An interrupt while receiving that came from a pause or a stop sends the
     * thread back to the gate, any other ends it.
     */
    final <T> void receiveTurns(Run run, Worker worker, ReceiveChannel<? extends T> channel, Turn<T> turn) {
        while (awaitTurn(run)) {
            worker.receiving();
            if (mustNotTake(run)) {
                worker.leaveReceiving(Worker.IDLE);
                continue;
            }
            T first;
            try {
                first = channel.receive();
            } catch (ChannelClosedException closed) {
                worker.leaveReceiving(Worker.IDLE);
                channelEnded(closed);
                return;
            } catch (InterruptedException interrupted) {
                if (worker.leaveReceiving(Worker.IDLE)) {
                    continue; // woken by a pause or a stop: the gate decides
                }
                return;
            }
            worker.hold(1);
            if (!turn.handOver(first)) {
                return;
            }
        }
    }

    /**
     * Waits {@code millis} between two attempts of a value, unless the threads are interrupted
     * ({@link #stopNow()}) or the application shuts down and the wait would outlast its deadline;
     * a pause or a {@link #stop()} does not shorten it.
     *
     * @return false if the wait was cut short (interrupted: the interrupt status is set again)
     */
    final boolean awaitBackOff(Run current, long millis) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        gate.lock();
        try {
            while (!current.interrupting && !outlastsShutdown(nanos)) {
                if (nanos <= 0) {
                    return true;
                }
                nanos = signalled.awaitNanos(nanos);
            }
            return false;
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            gate.unlock();
        }
    }

    /** Whether a wait of {@code nanos} would end after the shutdown stops waiting. */
    private boolean outlastsShutdown(long nanos) {
        if (!shuttingDown) {
            return false;
        }
        Deadline deadline = shutdownDeadline;
        return deadline == null || nanos > deadline.nanosLeft();
    }

    private void signal() {
        gate.lock();
        try {
            signalled.signalAll();
        } finally {
            gate.unlock();
        }
    }

    /** Wakes the threads of the current run that wait in a receive; see {@link Worker}. */
    final void wakeReceivers() {
        Run current;
        synchronized (lock) {
            current = run;
        }
        if (current != null) {
            current.workers.forEach(Worker::wake);
        }
    }

    // --- interceptors and observers ---------------------------------------------------------------------

    /**
     * Adds an interceptor around every call of the listener from now on (see
     * {@link ChannelListenerInterceptor}); interceptors run in the order added, the first
     * outermost. A loop container has no calls per value and ignores it.
     *
     * @param interceptor the interceptor
     */
    public final void addInterceptor(ChannelListenerInterceptor interceptor) {
        Objects.requireNonNull(interceptor, "interceptor");
        synchronized (lock) {
            ChannelListenerInterceptor[] now = interceptors;
            ChannelListenerInterceptor[] more = java.util.Arrays.copyOf(now, now.length + 1);
            more[now.length] = interceptor;
            interceptors = more;
        }
    }

    /**
     * Adds an observer told how long each value (or batch) took (see {@link ListenerObserver}). A
     * loop container has no values of its own to time and ignores it.
     *
     * @param observer the observer
     */
    public final void addObserver(ListenerObserver observer) {
        Objects.requireNonNull(observer, "observer");
        synchronized (lock) {
            ListenerObserver[] now = observers;
            ListenerObserver[] more = java.util.Arrays.copyOf(now, now.length + 1);
            more[now.length] = observer;
            observers = more;
        }
    }

    final ChannelListenerInterceptor[] interceptors() {
        return interceptors;
    }

    final ListenerObserver[] observers() {
        return observers;
    }

    /** Takes the registry's defaults for what the container does not set itself. */
    void applyDefaults(ChannelListenerDefaults defaults) {
    }

    // --- identity and counts ----------------------------------------------------------------------------

    /**
     * The listener's name in logs, metrics, the endpoint and the registry; unique in a registry.
     *
     * @return for a {@link ChannelListener} method its {@code id}, by default {@code beanName.methodName}
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

    /** Whether the application is shutting down ({@link #beginShutdown()}). */
    final boolean isShuttingDown() {
        return shuttingDown;
    }

    /**
     * How many values the listener handled: its method returned (for a batch, every value of the
     * batch counts). A loop container counts none.
     *
     * @return the count
     */
    public final long handled() {
        return count(0, Worker::handled);
    }

    /**
     * How many times the consumer failed so far: values the listener failed on after all their
     * attempts (for a batch, every value of the batch counts), or loops that threw.
     *
     * @return the failure count
     */
    public final long failures() {
        return count(1, Worker::failed);
    }

    /**
     * How many times a failed call was tried again (a batch retried counts once).
     *
     * @return the retry count
     */
    public final long retries() {
        return count(3, Worker::retried);
    }

    /**
     * How many dead letters were sent to the dead-letter channel.
     *
     * @return the count
     */
    public final long deadLettered() {
        return count(4, Worker::deadLettered);
    }

    /**
     * How many values the threads hold now: being handled, retried or passed on after a failure, or
     * collected into a batch. For a loop container, the loops running.
     *
     * @return the count
     */
    public final int active() {
        return workers.stream().mapToInt(Worker::inHand).sum();
    }

    /**
     * How many values the shutdown (or a stop) cut short: their handling failed because a channel
     * was closed or the thread interrupted, or their retries were cut short (for a loop, each loop
     * that ended so). These are not {@link #failures()}. The shutdown report adds the values the
     * threads still held after its timeout ({@link #abandonValuesInHand}).
     *
     * @return the count
     */
    public final long unfinished() {
        return count(2, Worker::unfinished) + abandoned.get();
    }

    /** The channel consumed is closed and drained: the normal end, unless it failed. */
    final void channelEnded(ChannelClosedException closed) {
        if (closed.isFailure() && channelFailureLogged.compareAndSet(false, true)) {
            logger.warn("Channel '" + channelName + "' failed; listener " + id + " stops", closed.getCause());
        }
    }

    /**
     * Logs what the shutdown (or a stop) cut short: at INFO the first time, then at DEBUG; the line
     * says which of the two it was.
     *
     * @param cutShort what the consumer did not do, such as "did not finish a value from channel 'orders'"
     * @param why the cause, such as the exception
     */
    final void logUnfinished(String cutShort, Object why) {
        String message = "Listener " + id + " " + cutShort + ": " + (shuttingDown ? "the application is shutting down"
                : "the listener is stopping") + " (" + why + ")";
        if (unfinishedLogged.compareAndSet(false, true)) {
            logger.info(message);
        } else if (logger.isDebugEnabled()) {
            logger.debug(message);
        }
    }

    /**
     * Whether {@code failure} is what the shutdown, or stopping with an interrupt, does to a
     * consumer: the shutdown closes channels, which a send then finds closed, and after the timeout
     * it interrupts the consumer.
     */
    final boolean causedByShutdown(Run current, Throwable failure) {
        if (!shuttingDown && !current.interrupting) {
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
