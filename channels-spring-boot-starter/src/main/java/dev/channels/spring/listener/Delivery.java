package dev.channels.spring.listener;

import dev.channels.ChannelClosedException;
import dev.channels.SendChannel;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.ListenerFailure;
import dev.channels.spring.listener.error.RetrySettings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a per-value or batch container hands what it received to the listener, and what happens
 * when the listener fails: the steps of one call, in order.
 * <ol>
 * <li>{@link #deliver}: the one seam around the listener's work. Interceptors
 * ({@link ChannelListenerInterceptor}) wrap it, the first outermost; without any, the listener is
 * called directly.
 * <li>The attempts: one call, or with retries a {@link Retrier} that calls again after each
 * back-off until the call returns or the attempts are used up.
 * <li>The outcome: handled; unfinished (the shutdown or a stop caused the failure or cut a back-off
 * short), logged at INFO; or failed, passed to the error handler (by default one WARN line and
 * a {@link DeadLetter} per value to the dead-letter channel, if there is one). Observers hear how
 * long the attempts took, unless the value is unfinished.
 * </ol>
 *
 * <p>Settings may be set until the container starts; a run reads them when its threads start.
 * The listener's own settings win over the registry's defaults.
 */
final class Delivery {
    /** What the listener is called with: a value, or a batch. */
    @FunctionalInterface
    interface Target<P> {
        void call(P payload) throws Exception;
    }

    private final ChannelListenerContainer container;
    private final boolean batch;
    private volatile RetrySettings retry; // null: the registry's default
    private volatile boolean deadLetterSet;
    private volatile SendChannel<? super DeadLetter<?>> deadLetter;
    private volatile ChannelListenerErrorHandler errorHandler; // null: the registry's default, else the default handling

    Delivery(ChannelListenerContainer container, boolean batch) {
        this.container = container;
        this.batch = batch;
    }

    void retry(RetrySettings settings) {
        this.retry = Objects.requireNonNull(settings, "settings");
    }

    void deadLetter(SendChannel<? super DeadLetter<?>> channel) {
        this.deadLetter = channel;
        this.deadLetterSet = true;
    }

    void errorHandler(ChannelListenerErrorHandler handler) {
        this.errorHandler = Objects.requireNonNull(handler, "handler");
    }

    void applyDefaults(ChannelListenerDefaults defaults) {
        if (retry == null) {
            retry = Objects.requireNonNullElse(defaults.retry(container.channelName()), RetrySettings.NONE);
        }
        if (!deadLetterSet) {
            deadLetter = defaults.deadLetter(container.channelName());
        }
        if (errorHandler == null) {
            errorHandler = defaults.errorHandler();
        }
    }

    RetrySettings retrySettings() {
        return retry != null ? retry : RetrySettings.NONE;
    }

    SendChannel<? super DeadLetter<?>> deadLetterChannel() {
        return deadLetter;
    }

    /** The retrier of one thread of {@code run}, or null if values get one attempt. */
    Retrier retrier(ChannelListenerContainer.Run run, Worker worker) {
        RetrySettings settings = retrySettings();
        return settings.retries() ? new Retrier(settings, container, run, worker) : null;
    }

    /**
     * Hands {@code payload} (holding {@code size} values) to the listener and settles its outcome;
     * the worker holds the values until then.
     */
    <P> void deliver(ChannelListenerContainer.Run run, Worker worker, Retrier retrier, Target<? super P> target,
            P payload, int size) {
        ListenerObserver[] observers = container.observers();
        long started = observers.length == 0 ? 0 : System.nanoTime();
        Throwable failure = null;
        try {
            ChannelListenerInterceptor[] chain = container.interceptors();
            if (chain.length == 0) {
                attempts(retrier, target, payload);
            } else {
                new Call<>(chain, retrier, target, payload).proceed();
            }
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable thrown) {
            failure = thrown;
        }
        if (failure == null) {
            observe(observers, true, started);
            worker.handled(size);
        } else if (failure instanceof Retrier.BackOffCutShort || container.causedByShutdown(run, failure)) {
            container.logUnfinished("did not finish " + what(size) + " from channel '" + container.channelName() + "'",
                    failure instanceof Retrier.BackOffCutShort cut ? cut.getMessage() + ", the last attempt having failed"
                            + " with " + cut.getCause() : failure);
            worker.unfinished(size);
        } else {
            observe(observers, false, started);
            fail(worker, payload, size, retrier == null ? 1 : retrier.attempts(), failure);
            worker.failed(size);
        }
    }

    private static <P> void attempts(Retrier retrier, Target<? super P> target, P payload) throws Throwable {
        if (retrier == null) {
            target.call(payload);
        } else {
            retrier.run(() -> target.call(payload));
        }
    }

    private static void observe(ListenerObserver[] observers, boolean succeeded, long started) {
        if (observers.length == 0) {
            return;
        }
        long took = System.nanoTime() - started;
        for (ListenerObserver observer : observers) {
            observer.handled(succeeded, took);
        }
    }

    private String what(int size) {
        return batch ? "a batch of " + size + (size == 1 ? " value" : " values") : "a value";
    }

    private List<?> values(Object payload) {
        return batch ? (List<?>) payload : List.of(payload);
    }

    /** The error handler's step: the listener's own handler, or the default (one WARN line, dead letters). */
    private void fail(Worker worker, Object payload, int size, int attempts, Throwable failure) {
        ChannelListenerErrorHandler handler = errorHandler;
        String id = container.id();
        if (handler != null) {
            try {
                handler.handle(new ListenerFailure(id, container.channelName(), values(payload), batch, attempts, failure,
                        Instant.now()));
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable handlerFailed) {
                ChannelListenerContainer.logger.error("The error handler of listener " + id + " failed on " + what(size)
                        + " from channel '" + container.channelName() + "' (which failed with " + failure + ")",
                        handlerFailed);
            }
            return;
        }
        String deadLettered = sendDeadLetters(worker, values(payload), attempts, failure);
        ChannelListenerContainer.logger.warn("Listener " + id + " failed to handle " + what(size) + " from channel '"
                + container.channelName() + "'" + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": "
                + failure + deadLettered);
        if (ChannelListenerContainer.logger.isDebugEnabled()) {
            ChannelListenerContainer.logger.debug("Listener " + id + " failed on channel '" + container.channelName()
                    + "'", failure);
        }
    }

    /**
     * Sends one dead letter per value, if there is a dead-letter channel; a full one is waited for
     * as any send to it is (its own overflow policy decides).
     *
     * @return what to add to the WARN line
     */
    private String sendDeadLetters(Worker worker, List<?> values, int attempts, Throwable failure) {
        SendChannel<? super DeadLetter<?>> target = deadLetter;
        if (target == null) {
            return "";
        }
        Instant now = Instant.now();
        int sent = 0;
        try {
            for (Object value : values) {
                target.send(DeadLetter.of(container.channelName(), container.id(), value, attempts, failure, now));
                sent++;
            }
            return "; sent to dead-letter channel '" + target.name() + "'";
        } catch (ChannelClosedException closed) {
            return "; not sent to dead-letter channel '" + target.name() + "', which is closed"
                    + (sent > 0 ? " (" + sent + " of " + values.size() + " were)" : "");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "; interrupted before it was sent to dead-letter channel '" + target.name() + "'"
                    + (sent > 0 ? " (" + sent + " of " + values.size() + " were)" : "");
        } finally {
            worker.deadLettered(sent);
        }
    }

    /** One call through the interceptors; the innermost step runs the attempts. */
    private final class Call<P> implements ListenerInvocation {
        private final ChannelListenerInterceptor[] chain;
        private final Retrier retrier;
        private final Target<? super P> target;
        private final P payload;
        private int next;

        Call(ChannelListenerInterceptor[] chain, Retrier retrier, Target<? super P> target, P payload) {
            this.chain = chain;
            this.retrier = retrier;
            this.target = target;
            this.payload = payload;
        }

        @Override
        public String listenerId() {
            return container.id();
        }

        @Override
        public String channelName() {
            return container.channelName();
        }

        @Override
        public Object payload() {
            return payload;
        }

        @Override
        public List<?> values() {
            return Delivery.this.values(payload);
        }

        @Override
        public boolean batch() {
            return batch;
        }

        @Override
        public void proceed() throws Exception {
            if (next < chain.length) {
                chain[next++].intercept(this);
                return;
            }
            try {
                attempts(retrier, target, payload);
            } catch (Exception | Error passOn) {
                throw passOn;
            } catch (Throwable other) {
                throw new IllegalStateException(other);
            }
        }
    }
}
