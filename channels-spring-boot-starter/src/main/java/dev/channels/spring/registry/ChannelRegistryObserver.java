package dev.channels.spring.registry;

import dev.channels.Channel;
import dev.channels.ChannelStats;

/**
 * Told when channels join or leave a {@link ChannelRegistry} and when a registered channel closes.
 * Calls for one channel arrive in the order the events happened; {@link #channelClosed} runs on the
 * thread that closed the channel, so implementations must be quick and must not block.
 */
public interface ChannelRegistryObserver {
    /**
     * A channel was registered (or was already registered when this observer was added).
     *
     * @param name the name it is registered under
     * @param channel the channel
     */
    default void channelAdded(String name, Channel<?> channel) {
    }

    /**
     * A channel was removed from the registry; it is not closed by that.
     *
     * @param name the name it was registered under
     * @param channel the channel
     */
    default void channelRemoved(String name, Channel<?> channel) {
    }

    /**
     * A registered channel was closed.
     *
     * @param name the name it is registered under
     * @param stats a snapshot taken just after it closed
     * @param cause why it closed
     */
    default void channelClosed(String name, ChannelStats stats, CloseCause cause) {
    }
}
