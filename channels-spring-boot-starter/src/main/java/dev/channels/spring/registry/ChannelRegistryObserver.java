package dev.channels.spring.registry;

import dev.channels.Channel;
import dev.channels.ChannelStats;

/**
 * Told when channels join or leave a {@link ChannelRegistry} and when a registered channel closes.
 *
 * <p>Calls arrive one at a time, in the order of the changes, and never while the registry holds
 * its lock. A call usually runs on the thread that made the change (for {@link #channelClosed},
 * the thread that closed the channel) before that change's method returns; if another thread is
 * delivering calls at that moment, that thread makes it instead, just after. An observer may call
 * the registry: the calls its own changes cause come after the one running. What an observer throws
 * is logged and does not keep other observers, or later calls, from running. Calls delay whoever
 * made the change, so implementations should be quick.
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
