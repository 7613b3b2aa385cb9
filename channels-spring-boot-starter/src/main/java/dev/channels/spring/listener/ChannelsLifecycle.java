package dev.channels.spring.listener;

import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ChannelListener} consumers with the application context and shuts the
 * channels down gracefully when it stops.
 *
 * <p>On stop: every registered channel is closed, so nothing more is accepted; the listeners go
 * on receiving what is buffered and end when their channels are drained. Shutdown waits for them
 * for at most {@code channels.shutdown.timeout}; listeners still running then are interrupted.
 * Then every channel that still holds values (a channel without listeners keeps what it holds)
 * is logged at WARN with its name and count, and the outcome is kept as a {@link ShutdownReport}.
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

    private static final Duration LAST_JOIN = Duration.ofSeconds(1);
    private static final Log logger = LogFactory.getLog(ChannelsLifecycle.class);

    private final ChannelRegistry channels;
    private final ChannelListenerRegistry listeners;
    private final Duration timeout;
    private volatile boolean running;
    private volatile ShutdownReport lastReport;

    /**
     * Creates the lifecycle.
     *
     * @param channels the channels to close at shutdown
     * @param listeners the listeners to start and to let drain
     * @param timeout the longest the shutdown waits for draining
     */
    public ChannelsLifecycle(ChannelRegistry channels, ChannelListenerRegistry listeners, Duration timeout) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative, was " + timeout);
        }
    }

    @Override
    public void start() {
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

    private ShutdownReport shutDown() {
        long started = System.nanoTime();
        channels.shutdown();
        List<String> interrupted = List.of();
        try {
            // A listener ends once its channel is closed and drained, after handling the last value.
            if (!listeners.awaitTermination(timeout)) {
                interrupted = stopListeners();
            }
        } catch (InterruptedException stopNow) {
            interrupted = stopListeners();
            Thread.currentThread().interrupt();
        }
        ShutdownReport report = new ShutdownReport(channels.buffered(), interrupted, Duration.ofNanos(System.nanoTime() - started));
        log(report);
        return report;
    }

    private List<String> stopListeners() {
        List<String> running = listeners.running().stream().map(ChannelListenerContainer::id).toList();
        listeners.stop();
        try {
            listeners.awaitTermination(LAST_JOIN);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
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
        if (report.complete() && logger.isInfoEnabled()) {
            logger.info("Channels closed and drained in " + report.duration().toMillis() + " ms");
        }
    }
}
