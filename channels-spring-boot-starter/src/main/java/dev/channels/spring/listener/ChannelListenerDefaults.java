package dev.channels.spring.listener;

import dev.channels.SendChannel;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.RetrySettings;

/**
 * What the {@link ChannelListenerRegistry} gives a container that does not set it itself: whether
 * it starts with the registry, and, per channel, its retries, its dead-letter channel and its error
 * handler. The starter's implementation reads {@code channels.listeners.auto-startup},
 * {@code channels.defaults.listener.*} and {@code channels.instances.<name>.listener.*}.
 */
public interface ChannelListenerDefaults {
    /** Start with the registry, one attempt per value, no dead letters, the default error handling. */
    ChannelListenerDefaults NONE = new ChannelListenerDefaults() {
    };

    /**
     * Whether a container starts when the registry starts.
     *
     * @return true by default
     */
    default boolean autoStartup() {
        return true;
    }

    /**
     * The retries of the listeners of a channel.
     *
     * @param channelName the channel's registry name
     * @return the settings; {@link RetrySettings#NONE} by default
     */
    default RetrySettings retry(String channelName) {
        return RetrySettings.NONE;
    }

    /**
     * Where the listeners of a channel send what they failed on.
     *
     * @param channelName the channel's registry name
     * @return the dead-letter channel, or null for none (the default)
     */
    default SendChannel<? super DeadLetter<?>> deadLetter(String channelName) {
        return null;
    }

    /**
     * The error handler of listeners that name none.
     *
     * @return the handler, or null for the default handling (the default)
     */
    default ChannelListenerErrorHandler errorHandler() {
        return null;
    }
}
