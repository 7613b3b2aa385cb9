package dev.channels.spring.observation;

import dev.channels.spring.listener.ChannelListenerInterceptor;
import dev.channels.spring.listener.ListenerInvocation;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.List;
import java.util.Objects;

/**
 * Makes each listener call (one value, or one batch) a {@code channel.listener} observation.
 * The steps, on the listener's thread, once the container received the values:
 * <ol>
 * <li>find each value's {@link SenderContext}, recorded by the channel's interceptor when the
 * thread received it, and forget everything else the thread recorded;</li>
 * <li>restore the first sender's ThreadLocals (its MDC, its security context; all that
 * context-propagation captured, less the observation itself), clearing the ones it did not have;</li>
 * <li>start the observation as a child of the first sender's observation (a batch's other senders
 * are in the context, {@link ChannelListenerObservationContext#senderObservations()}, and become
 * span links where tracing is on: {@link ChannelListenerTracingObservationHandler}), and open its
 * scope;</li>
 * <li>run the call; its outcome ({@code success}, or {@code failure} with the error) is the
 * observation's;</li>
 * <li>close the scope, stop the observation, and put back the thread's own ThreadLocals: nothing
 * of this call is left for the next.</li>
 * </ol>
 */
public final class ChannelListenerObservationInterceptor implements ChannelListenerInterceptor {
    private final ObservationRegistry registry;
    private final ChannelListenerObservationConvention convention;

    /**
     * An interceptor that reports to {@code registry} under the default convention, or
     * {@code convention} if not null.
     *
     * @param registry where the observations go
     * @param convention a convention of the application's, or null for the default
     */
    public ChannelListenerObservationInterceptor(ObservationRegistry registry, ChannelListenerObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    @SuppressWarnings("try") // the scopes are held for the call, not used in it
    public void intercept(ListenerInvocation invocation) throws Exception {
        List<SenderContext> senders = ReceivedContexts.takeFor(invocation.values());
        ChannelListenerObservationContext context = new ChannelListenerObservationContext(invocation.channelName(),
                invocation.listenerId(), invocation.batch(), senders);
        Observation observation = Observation.createNotStarted(convention,
                DefaultChannelListenerObservationConvention.INSTANCE, () -> context, registry);
        List<Observation> parents = context.senderObservations();
        if (!parents.isEmpty()) {
            observation.parentObservation(parents.get(0));
        }
        SenderContext first = firstOf(senders);
        try (ContextSnapshot.Scope restored = first != null
                ? first.snapshot().setThreadLocals(key -> !ObservationThreadLocalAccessor.KEY.equals(key))
                : NOTHING_RESTORED) {
            observation.start();
            try (Observation.Scope scope = observation.openScope()) {
                invocation.proceed();
            } catch (Throwable failure) {
                context.outcome("failure");
                observation.error(failure);
                throw failure;
            } finally {
                observation.stop();
            }
        }
    }

    private static final ContextSnapshot.Scope NOTHING_RESTORED = () -> { };

    private static SenderContext firstOf(List<SenderContext> senders) {
        for (SenderContext sender : senders) {
            if (sender != null) {
                return sender;
            }
        }
        return null;
    }
}
