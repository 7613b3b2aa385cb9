package dev.channels.internal;

/**
 * What {@link ChannelCore#receive} returns instead of a value. Values are never null and never one
 * of these (they are not reachable from outside the module), so a result is either a value or,
 * compared by identity, exactly one of these.
 *
 * <p><b>When changing this file</b>, run the whole suite: every operation reports through it.
 */
public enum NoValue {
    /** The channel is closed and drained. */
    CLOSED,
    /** Nothing to take, and the caller did not want to wait. */
    EMPTY,
    /** The timeout passed first. */
    TIMED_OUT
}
