package dev.channels.spring.registry;

import java.util.Locale;

/** Why a registered channel was closed, as reported to {@link ChannelRegistryObserver#channelClosed}. */
public enum CloseCause {
    /** Closed normally by {@code close()}: by the application, a producer, or an operator. */
    CLOSE,
    /** Closed with a failure by {@code fail(cause)}. */
    FAIL,
    /** Closed by {@link ChannelRegistry#shutdown()} or {@link ChannelRegistry#shutdown(String)}, when the application stops. */
    SHUTDOWN;

    /**
     * The lower-case form used in metric tags and logs.
     *
     * @return {@code close}, {@code fail} or {@code shutdown}
     */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
