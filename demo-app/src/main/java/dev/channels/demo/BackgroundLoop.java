package dev.channels.demo;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * A lifecycle bean that runs one loop on a virtual thread of its own while the application runs:
 * started with the context, interrupted and joined (for up to five seconds) when it stops.
 */
abstract class BackgroundLoop implements SmartLifecycle {
    private volatile Thread thread;

    /** Whether the loop should run at all; checked at start. */
    abstract boolean enabled();

    /** The loop; it ends when interrupted. */
    abstract void run();

    /** The thread's name. */
    abstract String threadName();

    /** Called after the thread has started. */
    void started() {
    }

    @Override
    public synchronized void start() {
        if (thread == null && enabled()) {
            thread = Thread.ofVirtual().name(threadName()).start(this::run);
            started();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
