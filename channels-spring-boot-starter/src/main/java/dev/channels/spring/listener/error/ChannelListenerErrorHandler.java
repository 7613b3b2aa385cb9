package dev.channels.spring.listener.error;

/**
 * Decides what happens to a value, or a batch, that a listener failed on after all its attempts,
 * in place of the default: one WARN line (listener, channel, the exception's message; the stack
 * trace at DEBUG) and, when the channel has one, a {@link DeadLetter} sent to its dead-letter
 * channel.
 *
 * <p>A bean of this type is used by every listener that does not name its own with
 * {@code @ChannelListener(errorHandler = "beanName")}; with several beans, only one marked
 * {@code @Primary} is used that way. The failure is counted either way
 * ({@code channel.listener.failures} and {@code channel.listener.handled{outcome=failure}}).
 *
 * <p>It runs on the listener's thread, while the listener holds the value: a handler that waits
 * holds the listener up. What it throws is logged at ERROR and changes nothing else.
 *
 * <pre>{@code
 * @Bean
 * ChannelListenerErrorHandler alerting(Alerts alerts) {
 *     return failure -> alerts.raise(failure.listenerId(), failure.exception());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ChannelListenerErrorHandler {
    /**
     * Handles a failure.
     *
     * @param failure the listener, the values and what went wrong
     * @throws Exception anything; logged, and the listener goes on
     */
    void handle(ListenerFailure failure) throws Exception;
}
