package dev.channels.spring.actuate;

import java.util.Locale;

/**
 * A state of a channel that {@code channels.health.down-when} can make the channel's health
 * {@code DOWN}. By default neither does: a channel reports them in its details and stays {@code UP}.
 */
public enum ChannelHealthCondition {
    /** The channel was closed with a failure ({@code Channel.fail}). */
    FAILED,

    /** The channel has been full, with no value received, for {@code channels.health.stalled-after}. */
    STALLED;

    /**
     * The name used in configuration and in health details.
     *
     * @return the lower-case name, such as {@code failed}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
