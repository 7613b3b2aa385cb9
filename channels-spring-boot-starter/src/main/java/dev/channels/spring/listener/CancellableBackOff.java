package dev.channels.spring.listener;

import dev.channels.spring.listener.error.RetrySettings;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The back-off between a listener's attempts at one value: Spring's {@link ExponentialBackOff}
 * computes each wait, and this waits it out itself, on the container's gate, so that the shutdown
 * (or {@code stopNow()}) cuts the wait short at once without interrupting the thread; it then tells the
 * {@link org.springframework.core.retry.RetryTemplate} running the attempts to stop
 * ({@link BackOffExecution#STOP}), and the value is unfinished. A wait that ran its course returns
 * 0, so the template goes straight on to the next attempt.
 *
 * <p>One per consuming thread: {@link #start()} is called once per value that fails, on that thread.
 */
final class CancellableBackOff implements BackOff {
    private final ExponentialBackOff schedule;
    private final ChannelListenerContainer container;
    private final ChannelListenerContainer.Run run;
    private boolean cutShort; // the consuming thread's own

    CancellableBackOff(RetrySettings settings, ChannelListenerContainer container, ChannelListenerContainer.Run run) {
        this.schedule = new ExponentialBackOff(settings.backoff().toMillis(), settings.multiplier());
        this.schedule.setMaxInterval(settings.maxBackoff().toMillis());
        this.schedule.setMaxAttempts(settings.maxAttempts() - 1L);
        this.container = container;
        this.run = run;
    }

    @Override
    public BackOffExecution start() {
        cutShort = false;
        BackOffExecution delays = schedule.start();
        return () -> {
            long delay = delays.nextBackOff();
            if (delay == BackOffExecution.STOP) {
                return BackOffExecution.STOP;
            }
            if (!container.awaitBackOff(run, delay)) {
                cutShort = true;
                return BackOffExecution.STOP;
            }
            return 0;
        };
    }

    /** Whether the last value's back-off was cut short by a stop or the shutdown. */
    boolean wasCutShort() {
        return cutShort;
    }

    @Override
    public String toString() {
        return "CancellableBackOff[" + schedule + "]";
    }
}
