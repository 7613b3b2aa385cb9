package dev.channels;

/**
 * What a send does when a buffered channel is full.
 *
 * <p>The drop policies never block a sender and apply only to channels with a bounded buffer of
 * capacity 1 or more. Every dropped value is counted in {@link ChannelStats#dropped()} and passed
 * to the channel's drop handler ({@link ChannelBuilder#onDrop}); none is lost silently.
 */
public enum OverflowPolicy {
    /** The sender waits until a receiver makes room (Go's behavior). The default. */
    BLOCK,
    /** The oldest buffered value is discarded to make room for the new one. */
    DROP_OLDEST,
    /** The value being sent is discarded; the buffer is left as it was. */
    DROP_NEWEST
}
