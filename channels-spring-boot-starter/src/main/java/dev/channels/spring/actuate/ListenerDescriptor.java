package dev.channels.spring.actuate;

import dev.channels.spring.listener.ChannelListenerContainer;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One listener of a channel as the {@code channels} endpoint shows it.
 *
 * @param id the listener's id
 * @param concurrency its consuming threads
 * @param state {@code running}, {@code paused} or {@code stopped}
 * @param handled values it handled
 * @param failed values it failed on after all their attempts
 * @param retried times it called again with a value that had failed
 * @param deadLettered dead letters it sent
 * @param active values it holds now
 */
public record ListenerDescriptor(String id, int concurrency, String state, long handled, long failed, long retried,
        long deadLettered, int active) implements OperationResponseBody {

    /**
     * Describes a listener as it is now.
     *
     * @param listener the listener's container
     * @return the descriptor
     */
    public static ListenerDescriptor of(ChannelListenerContainer listener) {
        return new ListenerDescriptor(listener.id(), listener.concurrency(),
                listener.state().name().toLowerCase(Locale.ROOT), listener.handled(), listener.failures(),
                listener.retries(), listener.deadLettered(), listener.active());
    }
}
