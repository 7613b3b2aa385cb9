package dev.channels.spring.lifecycle;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.NoSuchChannelException;
import dev.channels.spring.support.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ChannelListener} consumers with the application context and shuts the
 * channels down gracefully when it stops.
 *
 * <p>On stop, within {@code channels.shutdown.timeout} in all, plus one second of grace for
 * listeners that had to be interrupted:
 * <ol>
 * <li>The channels named in {@code channels.shutdown.order} are closed one at a time, in that
 * order. After closing one, shutdown waits until its listeners (every
 * {@link ChannelListenerContainer} of that channel name) have ended, which they do once the channel
 * is drained and they have handled their last value, and until the channel is drained, whoever
 * consumes it. Only then is the next one closed, so a pipeline drains front to back: a stage
 * still finishing its last values can send them to the next stage.
 * <li>Every other registered channel is closed, all at once, and shutdown waits for all listeners to
 * end.
 * <li>Listeners still running when the timeout has passed are interrupted and get one second
 * ({@code LAST_JOIN}) to end. The values they still hold when that grace ends are counted as
 * unfinished in the report, once: a listener that finishes one later does not count it again,
 * and the report does not wait for it. Every channel that still
 * holds values (a channel without consumers keeps what it holds) is logged at WARN with its name
 * and count, and the outcome is kept as a {@link ShutdownReport}.
 * </ol>
 * If the timeout passes while a listed channel drains, the channels after it are closed without
 * waiting. A consumer that is not a listener is waited for only until the channel is drained, that
 * is, until it has taken the last value, not until it has handled it; to have shutdown wait for it
 * to finish, run it as a {@link ChannelListenerContainer#loop loop container}.
 *
 * <p>From the start of the shutdown, what it does to listeners (a channel closed under a send, an
 * interrupt) is not counted as a listener failure (see {@link ChannelListenerContainer}). A value
 * waiting between two attempts is tried again if its back-off ends before the timeout; a back-off
 * that would end later is cut short at once, and the value is reported as unfinished.
 *
 * <p>Stopping is final: closed channels do not open again, so a context that is stopped and started
 * again has no channels to consume.
 *
 * <p>The phase, {@link #PHASE}, is below the web server's, so HTTP requests in flight can still
 * send while the server shuts down gracefully; channels close after the server has stopped.
 */
public class ChannelsLifecycle implements SmartLifecycle {
    /** Stops after the web server (whose graceful shutdown and stop use higher phases). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** The property that lists the channels to close one at a time. */
    static final String ORDER_PROPERTY = "channels.shutdown.order";

    /** The property of the shutdown's timeout. */
    static final String TIMEOUT_PROPERTY = "channels.shutdown.timeout";

    /** How long interrupted listeners get to end on their own; what they still hold then is counted unfinished. */
    private static final Duration LAST_JOIN = Duration.ofSeconds(1);
    /** Bounds the wait for stopped threads to leave the container's own code (see ChannelListenerContainer#abandonValuesInHand). */
    private static final Duration HANG_LIMIT = Duration.ofSeconds(30);
    private static final Log logger = LogFactory.getLog(ChannelsLifecycle.class);

    private final ChannelRegistry channels;
    private final ChannelListenerRegistry listeners;
    private final Duration timeout;
    private final List<String> order;
    private volatile boolean running;
    private volatile ShutdownReport lastReport;

    /**
     * Creates the lifecycle that closes all channels at once.
     *
     * @param channels the channels to close at shutdown
     * @param listeners the listeners to start and to let drain
     * @param timeout the longest the shutdown waits for draining
     * @throws InvalidConfigurationPropertyValueException if the timeout is null or negative; it
     *     names {@code channels.shutdown.timeout}
     */
    public ChannelsLifecycle(ChannelRegistry channels, ChannelListenerRegistry listeners, Duration timeout) {
        this(channels, listeners, timeout, List.of());
    }

    /**
     * Creates the lifecycle.
     *
     * @param channels the channels to close at shutdown
     * @param listeners the listeners to start and to let drain
     * @param timeout the longest the shutdown waits for draining, all channels together
     * @param order names of channels to close one at a time, in this order, before the others;
     *     checked at {@link #start()}: each must name a registered channel, once
     * @throws InvalidConfigurationPropertyValueException if the timeout is null or negative; it
     *     names {@code channels.shutdown.timeout}
     */
    public ChannelsLifecycle(ChannelRegistry channels, ChannelListenerRegistry listeners, Duration timeout,
            List<String> order) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.timeout = checkTimeout(timeout);
        this.order = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(order, "order")));
    }

    /** The one check of {@code channels.shutdown.timeout}, whoever builds the lifecycle. */
    private static Duration checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(TIMEOUT_PROPERTY, timeout,
                    "The shutdown timeout must be zero or more");
        }
        return timeout;
    }

    /**
     * Checks the shutdown order against the channels registered now, then starts the listeners.
     *
     * @throws InvalidConfigurationPropertyValueException if an entry of the order names no
     *     registered channel, is blank, or repeats an earlier one; it names the entry, such as
     *     {@code channels.shutdown.order[1]}
     */
    @Override
    public void start() {
        checkOrder();
        listeners.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        lastReport = shutDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A pause must not close the channels: closing is final. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * The outcome of the last shutdown.
     *
     * @return the report, or empty before the first stop
     */
    public Optional<ShutdownReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    private void checkOrder() {
        Map<String, Integer> listed = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            String property = ORDER_PROPERTY + "[" + i + "]";
            if (name == null || name.isBlank()) {
                throw new InvalidConfigurationPropertyValueException(property, name,
                        "An entry of the shutdown order must name a channel");
            }
            Integer earlier = listed.putIfAbsent(name, i);
            if (earlier != null) {
                throw new InvalidConfigurationPropertyValueException(property, name, "Channel '" + name
                        + "' is already listed as " + ORDER_PROPERTY + "[" + earlier + "]; list each channel once");
            }
            try {
                channels.require(name);
            } catch (NoSuchChannelException missing) {
                throw new InvalidConfigurationPropertyValueException(property, name, missing.getMessage() + ". The order"
                        + " may name channels of channels.instances, Channel beans and channels registered with the"
                        + " ChannelRegistry before the application starts");
            }
        }
    }

    private ShutdownReport shutDown() {
        Deadline deadline = Deadline.after(timeout);
        listeners.beginShutdown(deadline);
        List<String> interrupted = List.of();
        try {
            boolean inTime = true;
            for (String name : order) {
                inTime = closeAndDrain(name, deadline, inTime);
            }
            channels.shutdown();
            // A listener ends once its channel is closed and drained, after handling the last value.
            if (!listeners.awaitTermination(deadline.left())) {
                interrupted = stopListeners();
            }
        } catch (InterruptedException stopNow) {
            channels.shutdown();
            interrupted = stopListeners();
            Thread.currentThread().interrupt();
        }
        SortedMap<String, Long> unfinished = unfinished();
        ShutdownReport report = new ShutdownReport(channels.buffered(), interrupted,
                deadline.elapsed(), unfinished);
        log(report);
        return report;
    }

    /**
     * Closes one listed channel and waits until its listeners have ended and it is drained.
     *
     * @return whether it drained before the deadline (once false, the caller stays late)
     */
    private boolean closeAndDrain(String name, Deadline deadline, boolean inTime) throws InterruptedException {
        Optional<Channel<?>> closed = channels.shutdown(name);
        if (closed.isEmpty()) {
            logger.debug("Channel '" + name + "' of " + ORDER_PROPERTY + " is no longer registered; nothing to close");
            return inTime;
        }
        long started = System.nanoTime();
        boolean ended = true;
        for (ChannelListenerContainer listener : listeners.containers()) {
            if (listener.channelName().equals(name)) {
                ended &= listener.awaitTermination(deadline.left());
            }
        }
        boolean drained = closed.get().awaitDrained(deadline.left());
        if (ended && drained) {
            if (logger.isDebugEnabled()) {
                logger.debug("Channel '" + name + "' closed and drained in "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            }
            return inTime;
        }
        if (inTime) {
            logger.warn("Channel '" + name + "' was not drained within the shutdown timeout (" + timeout
                    + "); the channels after it in " + ORDER_PROPERTY + " and the rest are closed without waiting");
        }
        return false;
    }

    /**
     * What each listener left unfinished: what it counted itself, and the values its threads still
     * hold now, which are counted here once and not again by the thread that may finish them later.
     * So the report does not depend on how fast interrupted listeners end.
     */
    private SortedMap<String, Long> unfinished() {
        SortedMap<String, Long> unfinished = new TreeMap<>();
        for (ChannelListenerContainer listener : listeners.containers()) {
            listener.abandonValuesInHand(HANG_LIMIT);
            long count = listener.unfinished();
            if (count > 0) {
                unfinished.merge(listener.id(), count, Long::sum);
            }
        }
        return unfinished;
    }

    private List<String> stopListeners() {
        List<String> running = listeners.running().stream().map(ChannelListenerContainer::id).toList();
        listeners.stop();
        try {
            listeners.awaitTermination(LAST_JOIN);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
        List<String> still = listeners.running().stream().map(ChannelListenerContainer::id).toList();
        if (!still.isEmpty()) {
            logger.warn("Listeners still running " + LAST_JOIN.toMillis() + " ms after they were interrupted: " + still
                    + "; the values they hold now are reported as unfinished, and not counted again if they finish");
        }
        return running;
    }

    private void log(ShutdownReport report) {
        report.leftOver().forEach((name, count) -> logger.warn("Channel '" + name + "' was closed at shutdown with "
                + count + (count == 1 ? " value" : " values") + " left unconsumed"));
        if (!report.interruptedListeners().isEmpty()) {
            logger.warn("Listeners still running after the shutdown timeout (" + timeout + ") were interrupted: "
                    + report.interruptedListeners());
        }
        report.unfinished().forEach((listener, count) -> logger.warn("Listener " + listener + " was cut short by the"
                + " shutdown " + (count == 1 ? "once" : count + " times") + " (a channel it used was closed, or it was"
                + " interrupted); what it was handling then is not finished"));
        if (report.complete() && logger.isInfoEnabled()) {
            logger.info("Channels closed and drained in " + report.duration().toMillis() + " ms");
        }
    }
}
