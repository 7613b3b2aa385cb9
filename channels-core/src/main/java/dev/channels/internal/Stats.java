package dev.channels.internal;

/**
 * Receives a consistent snapshot of a channel's counters, taken under its lock and handed over
 * after it is released. When changing it, run {@code ChannelStatsTest}.
 *
 * @param <R> what the receiver makes of them
 */
@FunctionalInterface
public interface Stats<R> {
    /**
     * Builds the snapshot.
     *
     * @param size values in the buffer
     * @param waitingSenders queued senders (select clauses included)
     * @param waitingReceivers queued receivers (select clauses included)
     * @param sent values accepted by sends, dropped ones included
     * @param received values taken by receivers
     * @param dropped values discarded by the overflow policy or by a failure
     * @param closed whether the channel is closed
     * @param cause the failure it was closed with, or null
     * @return the snapshot
     */
    R of(int size, int waitingSenders, int waitingReceivers, long sent, long received, long dropped,
            boolean closed, Throwable cause);
}
