package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
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
 * Runs one {@link ChannelListener} method: {@code concurrency} loops, each on its own virtual
 * thread, that receive from the channel and hand each value to the handler until the channel is
 * closed and drained or the container is stopped.
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
         * @throws Exception anything, counted as a failure
         */
        void handle(Object value) throws Exception;
    }

    private final String id;
    private final String channelName;
    private final ReceiveChannel<?> channel;
    private final int concurrency;
    private final Handler handler;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean channelFailureLogged = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
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
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        this.id = Objects.requireNonNull(id, "id");
        this.channelName = Objects.requireNonNull(channelName, "channelName");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.concurrency = concurrency;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Starts the consuming threads; does nothing if they were started before. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        Thread.Builder builder = Thread.ofVirtual().name("channel-" + channelName + "-" + id + "-", 1);
        for (int i = 0; i < concurrency; i++) {
            threads.add(builder.start(this::consume));
        }
    }

    private void consume() {
        while (!stopping) {
            Object value;
            try {
                value = channel.receive();
            } catch (ChannelClosedException closed) {
                if (closed.isFailure() && channelFailureLogged.compareAndSet(false, true)) {
                    logger.warn("Channel '" + channelName + "' failed; listener " + id + " stops", closed.getCause());
                }
                return;
            } catch (InterruptedException interrupted) {
                return;
            }
            try {
                handler.handle(value);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                failures.incrementAndGet();
                logger.error("Listener " + id + " failed to handle a value from channel '" + channelName + "'", failure);
            }
        }
    }

    /**
     * Asks the threads to stop now: each ends after the value it is handling, and a thread
     * waiting for a value is interrupted. Values still buffered stay in the channel.
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

    @Override
    public String toString() {
        return "ChannelListenerContainer[" + id + " on '" + channelName + "' x" + concurrency + "]";
    }
}
