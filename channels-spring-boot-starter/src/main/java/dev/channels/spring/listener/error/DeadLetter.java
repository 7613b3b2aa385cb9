package dev.channels.spring.listener.error;

import java.time.Instant;
import java.util.Objects;

/**
 * A value that a listener failed on, after all its attempts: what a dead-letter channel
 * ({@code channels.instances.<name>.listener.dead-letter}) receives. A batch listener's failed
 * batch becomes one dead letter per value.
 *
 * <p>The exception is kept as its class name and message rather than as the exception itself, so
 * that a dead letter holds no stack trace or references into the failed call and can be logged,
 * stored or sent on as it is.
 *
 * @param channel the registry name of the channel the value came from
 * @param listenerId the listener that failed on it (see
 *     {@link dev.channels.spring.listener.ChannelListenerContainer#id()})
 * @param value the value
 * @param attempts how many times the listener was called with it, 1 or more
 * @param exceptionClass the fully qualified class name of what the last attempt threw
 * @param exceptionMessage that exception's message, or null if it had none
 * @param time when the last attempt failed
 * @param <T> the element type
 */
public record DeadLetter<T>(String channel, String listenerId, T value, int attempts, String exceptionClass,
        String exceptionMessage, Instant time) {
    /**
     * Checks the components.
     *
     * @param channel see the record description
     * @param listenerId see the record description
     * @param value see the record description
     * @param attempts see the record description
     * @param exceptionClass see the record description
     * @param exceptionMessage see the record description
     * @param time see the record description
     */
    public DeadLetter {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(listenerId, "listenerId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(exceptionClass, "exceptionClass");
        Objects.requireNonNull(time, "time");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts is " + attempts + "; it must be 1 or more");
        }
    }

    /**
     * The dead letter of {@code value}, which failed with {@code exception}.
     *
     * @param channel the channel's registry name
     * @param listenerId the listener's id
     * @param value the value
     * @param attempts the attempts made
     * @param exception what the last attempt threw
     * @param time when it failed
     * @param <T> the element type
     * @return the dead letter
     */
    public static <T> DeadLetter<T> of(String channel, String listenerId, T value, int attempts, Throwable exception,
            Instant time) {
        return new DeadLetter<>(channel, listenerId, value, attempts, exception.getClass().getName(),
                exception.getMessage(), time);
    }
}
