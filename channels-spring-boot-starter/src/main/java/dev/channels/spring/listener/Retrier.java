package dev.channels.spring.listener;

import dev.channels.spring.listener.error.RetrySettings;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Runs the attempts of one consuming thread's values with Spring Framework's
 * {@link RetryTemplate}: a {@link RetryPolicy} whose back-off is a {@link CancellableBackOff}
 * and which tries again only what is worth it (not what the shutdown or a stop caused, not a
 * {@link VirtualMachineError}), and a {@link RetryListener} that counts the retries.
 *
 * <p>One per consuming thread, made when the thread starts; used only by that thread.
 */
final class Retrier {
    private final CancellableBackOff backOff;
    private final RetryTemplate template;
    private final Worker worker;
    private final java.util.function.BooleanSupplier stopping;
    private int attempts;

    Retrier(RetrySettings settings, ChannelListenerContainer container, ChannelListenerContainer.Run run, Worker worker) {
        this.backOff = new CancellableBackOff(settings, container, run);
        this.worker = worker;
        this.stopping = () -> run.interrupting || container.isShuttingDown();
        RetryPolicy policy = RetryPolicy.builder()
                .backOff(backOff)
                .predicate(failure -> !(failure instanceof VirtualMachineError) && !container.causedByShutdown(run, failure))
                .build();
        this.template = new RetryTemplate(policy);
        this.template.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState state) {
                attempts++;
                Retrier.this.worker.countRetry();
                if (ChannelListenerContainer.logger.isDebugEnabled()) {
                    ChannelListenerContainer.logger.debug("Listener " + container.id() + ": attempt " + attempts
                            + " at a value from channel '" + container.channelName() + "'");
                }
            }
        });
    }

    /**
     * Calls {@code attempt} until it returns or the policy gives up.
     *
     * @throws Throwable what the last attempt threw
     * @throws BackOffCutShort if a stop or the shutdown cut a back-off short; its cause is the last attempt's failure
     */
    void run(Attempt attempt) throws Throwable {
        attempts = 1;
        try {
            template.execute(() -> {
                attempt.run();
                return null;
            });
        } catch (RetryException exhausted) {
            Throwable last = exhausted.getCause() != null ? exhausted.getCause() : exhausted;
            // Cut short: by a wait that a stop or the shutdown ended, or by an interrupt that ended the template's own sleep.
            if (backOff.wasCutShort() || (Thread.currentThread().isInterrupted() && stopping.getAsBoolean())) {
                throw new BackOffCutShort(last);
            }
            throw last;
        }
    }

    /** How many attempts the last value got. */
    int attempts() {
        return attempts;
    }

    /** One attempt at a value. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    /** A back-off between attempts was cut short: the value is unfinished, not failed. */
    static final class BackOffCutShort extends Exception {
        private static final long serialVersionUID = 1L;

        BackOffCutShort(Throwable lastFailure) {
            super("its retries were cut short", lastFailure, false, false);
        }
    }
}
