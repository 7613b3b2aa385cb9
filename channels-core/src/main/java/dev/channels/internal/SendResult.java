package dev.channels.internal;

/**
 * What {@link ChannelCore#send} did with a value: an enum, so no code can be taken for another.
 *
 * <p><b>When changing this file</b>, run the whole suite: every operation reports through it.
 */
public enum SendResult {
    /** Handed to a receiver, buffered, or handled by the overflow policy (which counts as sent). */
    SENT,
    /** The channel is closed; the value was not sent. */
    CLOSED,
    /** No room and no receiver, and the caller did not want to wait; the value was not sent. */
    WOULD_BLOCK,
    /** The timeout passed first; the value was not sent. */
    TIMED_OUT
}
