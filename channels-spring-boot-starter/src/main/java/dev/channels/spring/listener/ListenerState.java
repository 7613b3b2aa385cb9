package dev.channels.spring.listener;

/**
 * What a listener (a {@link ChannelListenerContainer}) is doing, as
 * {@link ChannelListenerRegistry#state(String)}, the endpoint and the meters tell it.
 */
public enum ListenerState {
    /** Its threads take values from the channel. */
    RUNNING,
    /**
     * Paused: its threads finish what they hold and take no more until resumed, so the channel
     * fills and senders wait.
     */
    PAUSED,
    /**
     * Not consuming: not started yet (auto-startup off, or before the application started), stopped,
     * or ended because its channel was closed and drained.
     */
    STOPPED
}
