package dev.channels.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method a consumer of a named channel: each value received from the channel is
 * passed to the method, which takes exactly one parameter, the value; with {@link #batchSize()},
 * the method takes a {@code List} of values instead.
 *
 * <pre>{@code
 * @Component
 * class OrderHandler {
 *     @ChannelListener(channel = "orders", concurrency = 4, id = "validator", autoStartup = "${app.consume:true}")
 *     void validate(Order order) { ... }
 *
 *     @ChannelListener(channel = "payments", batchSize = 25, batchTimeout = "100ms")
 *     void charge(List<Order> batch) { ... }   // up to 25 values, or fewer once 100 ms passed since the first
 * }
 * }</pre>
 *
 * <p>Each of the {@link #concurrency()} consumers is a loop on its own virtual thread. The loops
 * start when the application context has started (unless {@link #autoStartup()} says otherwise)
 * and end when the channel is closed and drained, so at shutdown they finish what is buffered (see
 * {@link dev.channels.spring.lifecycle.ChannelsLifecycle}). The listener's {@link #id()} names it
 * in logs, meters, the {@code channels} endpoint and the {@link ChannelListenerRegistry}, which
 * starts, stops, pauses and resumes it by that id.
 *
 * <p>A value whose handling throws is tried again as the channel's
 * {@code channels.instances.<name>.listener.retry} (or {@code channels.defaults.listener.retry})
 * settings say; if it still fails, the {@link #errorHandler()} (or the application's
 * {@link dev.channels.spring.listener.error.ChannelListenerErrorHandler} bean) gets it, or by
 * default it is logged in one WARN line, counted (meter {@code channel.listener.failures}) and sent
 * as a {@link dev.channels.spring.listener.error.DeadLetter} to the channel's dead-letter channel, if
 * it has one; the loop goes on with the next value. A channel that fails ends its loops, and the
 * failure is logged. Once the application is shutting down, a value whose handling ends in an
 * {@link InterruptedException} or in a {@link dev.channels.ChannelClosedException} of a closed
 * channel (a channel the method sends to was closed by the shutdown), or whose retries the shutdown
 * cut short, is not a failure: it is logged at INFO and reported as unfinished in the
 * {@link dev.channels.spring.lifecycle.ShutdownReport}.
 *
 * <p>A channel that is not there, a method without exactly one parameter, a parameter type that
 * cannot take the channel's declared element type, a batch listener whose parameter is not a
 * {@code List}, a {@link #batchSize()} below 0, an {@link #errorHandler()} bean that does not exist,
 * or an id that another listener has fails the application's start-up, naming the method.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChannelListener {
    /**
     * The name of the channel to consume: a channel bean or a channel registered in the
     * {@link dev.channels.spring.registry.ChannelRegistry}. Placeholders such as
     * {@code ${app.channel}} are resolved.
     *
     * @return the channel's name
     */
    String channel();

    /**
     * How many virtual threads consume the channel at once.
     *
     * @return 1 or more
     */
    int concurrency() default 1;

    /**
     * {@link #concurrency()} as text, so that it can come from configuration: a placeholder such
     * as {@code ${app.order-workers:4}} or a number. When set, it replaces {@link #concurrency()},
     * which must then be left at its default. A value that does not resolve to a whole number of 1
     * or more fails the application's start-up.
     *
     * @return the concurrency as text, or empty to use {@link #concurrency()}
     */
    String concurrencyString() default "";

    /**
     * The listener's id: its name in logs, meters (tag {@code listener}), the {@code channels}
     * endpoint and the {@link ChannelListenerRegistry}. Placeholders are resolved. Two listeners with
     * one id fail start-up.
     *
     * @return the id, or empty for {@code beanName.methodName}
     */
    String id() default "";

    /**
     * Whether the listener starts with the application: {@code true}, {@code false}, or a
     * placeholder that resolves to one, such as {@code ${app.consume:true}}. A listener that does
     * not start with the application leaves its values in the channel until started with
     * {@link ChannelListenerRegistry#start(String)}.
     *
     * @return the setting, or empty for {@code channels.listeners.auto-startup} (true unless set)
     */
    String autoStartup() default "";

    /**
     * Makes this a batch listener: the method takes a {@code List} of the channel's values, up to
     * this many, or fewer once {@link #batchTimeout()} has passed since the first of them arrived.
     *
     * @return the most values in a batch, 1 or more; 0 (the default) for one value per call
     */
    int batchSize() default 0;

    /**
     * For a batch listener, how long a batch waits for more values after its first: a duration
     * such as {@code 100ms} or {@code 2s}, or a placeholder that resolves to one. Zero, or empty (the
     * default), hands over what is there when the first value arrives, without waiting.
     *
     * @return the timeout, or empty for none
     */
    String batchTimeout() default "";

    /**
     * The name of a {@link dev.channels.spring.listener.error.ChannelListenerErrorHandler} bean that
     * decides what happens to a value this listener still fails on after its attempts, in place of
     * the application's error handler bean or the default (one WARN line, and a dead letter if the
     * channel has a dead-letter channel). Placeholders are resolved.
     *
     * @return the bean's name, or empty
     */
    String errorHandler() default "";
}
