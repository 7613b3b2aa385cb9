package dev.channels.spring.listener;

import java.util.List;

/**
 * One call of a listener with one value, or one batch, as a {@link ChannelListenerInterceptor}
 * sees it. {@link #proceed()} runs the rest: the next interceptor, or the listener's method with
 * all its attempts (see {@link dev.channels.spring.listener.error.RetrySettings}).
 *
 * <p>Belongs to the listener's thread and to this one call; not to be kept or shared.
 */
public interface ListenerInvocation {
    /**
     * The listener's id.
     *
     * @return the id (see {@link ChannelListenerContainer#id()})
     */
    String listenerId();

    /**
     * The registry name of the channel the values came from.
     *
     * @return the channel's name
     */
    String channelName();

    /**
     * What the listener is called with: the value, or for a batch listener the list of values.
     *
     * @return the payload
     */
    Object payload();

    /**
     * The values of this call: the one value, or every value of the batch.
     *
     * @return the values, in the order received
     */
    List<?> values();

    /**
     * Whether the listener takes batches.
     *
     * @return true for a batch listener
     */
    boolean batch();

    /**
     * Runs the rest of the call: the next interceptor, or the listener's method, retried as
     * configured. Call it once.
     *
     * @throws Exception what the last attempt threw, after all attempts
     */
    void proceed() throws Exception;
}
