package dev.channels.spring.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method a consumer of a named channel: each value received from the channel is
 * passed to the method, which takes exactly one parameter, the value.
 *
 * <pre>{@code
 * @Component
 * class OrderHandler {
 *     @ChannelListener(channel = "orders", concurrency = 4)
 *     void handle(Order order) { ... }
 * }
 * }</pre>
 *
 * <p>Each of the {@link #concurrency()} consumers is a loop on its own virtual thread. The loops
 * start when the application context has started and end when the channel is closed and drained,
 * so at shutdown they finish what is buffered (see {@link dev.channels.spring.lifecycle.ChannelsLifecycle}). A value whose
 * handling throws is logged with the channel's name and counted (meter
 * {@code channel.listener.failures}); the loop goes on with the next value. A channel that fails
 * ends its loops, and the failure is logged. Once the application is shutting down, a value whose
 * handling ends in an {@link InterruptedException} or in a {@link dev.channels.ChannelClosedException}
 * of a closed channel (a channel the method sends to was closed by the shutdown) is not a failure:
 * it is logged at INFO and reported as unfinished in the {@link dev.channels.spring.lifecycle.ShutdownReport}.
 *
 * <p>A channel that is not there, a method without exactly one parameter, or a parameter type
 * that cannot take the channel's declared element type fails the application's start-up.
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
}
