package dev.channels.spring.listener;

/**
 * Wraps each call of a listener: once per value (for a batch listener, once per batch), on the
 * listener's thread, around all the attempts of that value, before the error handler runs for a
 * value that failed. The seam for what must happen around a listener's work, such as an
 * observation or a context restored from the sender.
 *
 * <pre>{@code
 * container.addInterceptor(invocation -> {
 *     MDC.put("listener", invocation.listenerId());
 *     try {
 *         invocation.proceed();
 *     } finally {
 *         MDC.remove("listener");
 *     }
 * });
 * }</pre>
 *
 * <p>An interceptor must call {@link ListenerInvocation#proceed()} once and let what it throws
 * through: the exception decides the value's outcome (failed, or cut short by the shutdown). A
 * container without interceptors calls the listener directly.
 */
@FunctionalInterface
public interface ChannelListenerInterceptor {
    /**
     * Runs one call of the listener.
     *
     * @param invocation the call; {@link ListenerInvocation#proceed()} runs it
     * @throws Exception what {@code proceed()} threw, or what the interceptor throws itself
     */
    void intercept(ListenerInvocation invocation) throws Exception;
}
