package dev.channels.spring.registry;

import java.util.Map;

/**
 * A channel whose values live outside the process (such as a Kafka channel): the endpoint shows
 * its {@link #remoteDetails()} beside its counts.
 */
public interface RemoteChannel {
    /**
     * Where the channel keeps its values and how this instance takes part, now: names to plain
     * values (strings, numbers, lists), shown as they are.
     *
     * @return the details, in the order to show them
     */
    Map<String, Object> remoteDetails();
}
