package dev.channels.spring.actuate;

import dev.channels.ChannelStats;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One channel as the {@code channels} endpoint shows it.
 *
 * @param name the registry (bean) name
 * @param capacity the buffer's capacity; 0 for rendezvous; null (left out of JSON) when unlimited
 * @param unlimited whether the buffer has no bound
 * @param size values in the buffer
 * @param waitingSenders threads blocked sending
 * @param waitingReceivers threads blocked receiving
 * @param sent values accepted by sends since creation
 * @param received values taken by receivers since creation
 * @param dropped values discarded by the overflow policy or by a failure
 * @param closed whether the channel is closed
 * @param failure the failure it was closed with, or null (left out of JSON)
 */
public record ChannelDescriptor(String name, Integer capacity, boolean unlimited, int size, int waitingSenders,
        int waitingReceivers, long sent, long received, long dropped, boolean closed, String failure)
        implements OperationResponseBody {

    /**
     * Describes a channel from a snapshot of it.
     *
     * @param name the registry name
     * @param stats the snapshot
     * @return the descriptor
     */
    public static ChannelDescriptor of(String name, ChannelStats stats) {
        return new ChannelDescriptor(name, stats.unlimited() ? null : stats.capacity(), stats.unlimited(), stats.size(),
                stats.waitingSenders(), stats.waitingReceivers(), stats.sent(), stats.received(), stats.dropped(),
                stats.closed(), stats.failed() ? stats.cause().toString() : null);
    }
}
