package dev.channels.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code channel.listener} observation; implement it (as a bean, in the
 * starter) to add key values or rename. {@link DefaultChannelListenerObservationConvention} is the
 * default.
 */
public interface ChannelListenerObservationConvention extends ObservationConvention<ChannelListenerObservationContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ChannelListenerObservationContext;
    }
}
