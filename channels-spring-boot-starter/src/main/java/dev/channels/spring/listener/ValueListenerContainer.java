package dev.channels.spring.listener;

import dev.channels.ReceiveChannel;
import dev.channels.SendChannel;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.RetrySettings;
import java.util.Objects;

/**
 * A container that receives values one at a time and passes each to a {@link Handler}: what a
 * {@link ChannelListener} method becomes. Each thread loops: wait while paused, receive a value,
 * hand it over (see {@link Delivery}: interceptors, attempts, error handling), until the channel is
 * closed and drained (the normal end; a failed channel is logged) or the run stops.
 *
 * <p>Create one with {@link ChannelListenerContainer#perValue}; set its retries, dead-letter
 * channel and error handler before it starts, or leave them to the registry's defaults (in the
 * starter, the channel's {@code listener} settings).
 *
 * @param <T> the element type
 */
public final class ValueListenerContainer<T> extends ChannelListenerContainer {
    /**
     * Handles one received value; what it throws is retried or passed to the error handling.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface Handler<T> {
        /**
         * Handles {@code value}.
         *
         * @param value a value received from the channel
         * @throws Exception anything; a failure unless the shutdown caused it
         */
        void handle(T value) throws Exception;
    }

    private final ReceiveChannel<? extends T> channel;
    private final Delivery.Target<T> handler;
    private final Delivery delivery = new Delivery(this, false);

    /**
     * A container of {@code channel} under the registry name {@code channelName}. Only
     * {@link ChannelListener} wiring passes a name of its own: it looked the channel up by that
     * name, so the two agree.
     */
    ValueListenerContainer(String id, String channelName, ReceiveChannel<? extends T> channel, int concurrency,
            Handler<? super T> handler) {
        super(id, channelName, channel, concurrency);
        this.channel = channel;
        Objects.requireNonNull(handler, "handler");
        this.handler = handler::handle;
    }

    /**
     * Sets how often a value that fails is tried again, in place of the registry's default.
     *
     * @param settings the retries
     * @return this container
     */
    public ValueListenerContainer<T> retry(RetrySettings settings) {
        delivery.retry(settings);
        return this;
    }

    /**
     * Sets where the default error handling sends a {@link DeadLetter} for each value that still
     * fails after its attempts, in place of the registry's default; null for none.
     *
     * @param channel the dead-letter channel, or null
     * @return this container
     */
    public ValueListenerContainer<T> deadLetter(SendChannel<? super DeadLetter<?>> channel) {
        delivery.deadLetter(channel);
        return this;
    }

    /**
     * Sets what happens to a value that still fails after its attempts, in place of the default
     * (one WARN line, and a dead letter if there is a dead-letter channel).
     *
     * @param handler the error handler
     * @return this container
     */
    public ValueListenerContainer<T> errorHandler(ChannelListenerErrorHandler handler) {
        delivery.errorHandler(handler);
        return this;
    }

    @Override
    public ValueListenerContainer<T> autoStartup(boolean startWithRegistry) {
        super.autoStartup(startWithRegistry);
        return this;
    }

    /**
     * The retries in effect: as set, else the registry's default once registered.
     *
     * @return the retry settings
     */
    public RetrySettings retrySettings() {
        return delivery.retrySettings();
    }

    @Override
    void applyDefaults(ChannelListenerDefaults defaults) {
        delivery.applyDefaults(defaults);
    }

    @Override
    void consume(Run run, Worker worker) {
        Retrier retrier = delivery.retrier(run, worker);
        receiveTurns(run, worker, channel, value -> {
            worker.leaveReceiving(Worker.HANDLING);
            delivery.deliver(run, worker, retrier, handler, value, 1);
            return true;
        });
    }
}
