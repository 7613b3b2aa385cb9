package dev.channels.spring.actuate;

import dev.channels.ChannelStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param listeners the listeners of the channel, in registration order
 * @param remote where a channel that lives outside the process keeps its values (such as a Kafka
 *     channel's topic, group, assigned partitions and lag), or null (left out of JSON) for a local one
 */
public record ChannelDescriptor(String name, Integer capacity, boolean unlimited, int size, int waitingSenders,
        int waitingReceivers, long sent, long received, long dropped, boolean closed, String failure,
        List<ListenerDescriptor> listeners, Map<String, Object> remote) implements OperationResponseBody {

    /**
     * Copies the listeners.
     *
     * @param name see the record description
     * @param capacity see the record description
     * @param unlimited see the record description
     * @param size see the record description
     * @param waitingSenders see the record description
     * @param waitingReceivers see the record description
     * @param sent see the record description
     * @param received see the record description
     * @param dropped see the record description
     * @param closed see the record description
     * @param failure see the record description
     * @param listeners see the record description
     * @param remote see the record description
     */
    public ChannelDescriptor {
        listeners = List.copyOf(listeners);
        remote = remote == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(remote));
    }

    /**
     * Describes a local channel.
     *
     * @param name see the record description
     * @param capacity see the record description
     * @param unlimited see the record description
     * @param size see the record description
     * @param waitingSenders see the record description
     * @param waitingReceivers see the record description
     * @param sent see the record description
     * @param received see the record description
     * @param dropped see the record description
     * @param closed see the record description
     * @param failure see the record description
     * @param listeners see the record description
     */
    public ChannelDescriptor(String name, Integer capacity, boolean unlimited, int size, int waitingSenders,
            int waitingReceivers, long sent, long received, long dropped, boolean closed, String failure,
            List<ListenerDescriptor> listeners) {
        this(name, capacity, unlimited, size, waitingSenders, waitingReceivers, sent, received, dropped, closed, failure,
                listeners, null);
    }

    /**
     * This descriptor with the details of where the channel keeps its values.
     *
     * @param details see the record description of {@code remote}
     * @return the descriptor with them
     */
    public ChannelDescriptor withRemote(Map<String, Object> details) {
        return new ChannelDescriptor(name, capacity, unlimited, size, waitingSenders, waitingReceivers, sent, received,
                dropped, closed, failure, listeners, details);
    }

    /**
     * Describes a channel without listeners from a snapshot of it.
     *
     * @param name the registry name
     * @param stats the snapshot
     * @return the descriptor
     */
    public static ChannelDescriptor of(String name, ChannelStats stats) {
        return of(name, stats, List.of());
    }

    /**
     * Describes a channel and its listeners.
     *
     * @param name the registry name
     * @param stats a snapshot of the channel
     * @param listeners its listeners
     * @return the descriptor
     */
    public static ChannelDescriptor of(String name, ChannelStats stats, List<ListenerDescriptor> listeners) {
        return new ChannelDescriptor(name, stats.unlimited() ? null : stats.capacity(), stats.unlimited(), stats.size(),
                stats.waitingSenders(), stats.waitingReceivers(), stats.sent(), stats.received(), stats.dropped(),
                stats.closed(), stats.failed() ? stats.cause().toString() : null, listeners);
    }
}
