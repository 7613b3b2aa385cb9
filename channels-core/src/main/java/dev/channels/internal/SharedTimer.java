package dev.channels.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs every timer of the library ({@code after}, {@code ticker}), so a
 * timer costs a heap entry, not a thread. Timer tasks must never block: they use non-blocking
 * sends, and a tick that finds no room is dropped, as Go's tickers do.
 *
 * <p><b>When changing this file</b>, run {@code ChannelsTest} (timers and tickers).
 */
public final class SharedTimer {
    private static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private SharedTimer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "channels-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Runs {@code task} once after {@code delayNanos}. */
    public static ScheduledFuture<?> once(long delayNanos, Runnable task) {
        return EXECUTOR.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code periodNanos}, first after one period. */
    public static ScheduledFuture<?> every(long periodNanos, Runnable task) {
        return EXECUTOR.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Timers scheduled and not yet run or cancelled (for tests and diagnostics). */
    public static int pending() {
        return EXECUTOR.getQueue().size();
    }
}
