package dev.channels.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names and key values of a listener call: {@code channel.listener}, contextual
 * name {@code "<channel> receive"}, low-cardinality keys {@code channel}, {@code listener} and
 * {@code outcome} ({@code success|failure}), and the high-cardinality {@code channel.batch.size}
 * and {@code channel.batch.senders} (how many distinct sender observations) for a batch.
 */
public class DefaultChannelListenerObservationConvention implements ChannelListenerObservationConvention {
    /** The observation's name. */
    public static final String NAME = "channel.listener";

    /** The instance to use. */
    public static final DefaultChannelListenerObservationConvention INSTANCE = new DefaultChannelListenerObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ChannelListenerObservationContext context) {
        return context.channel() + " receive";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ChannelListenerObservationContext context) {
        return KeyValues.of("channel", context.channel(), "listener", context.listener(), "outcome", context.outcome());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ChannelListenerObservationContext context) {
        if (!context.batch()) {
            return KeyValues.empty();
        }
        return KeyValues.of("channel.batch.size", String.valueOf(context.senders().size()),
                "channel.batch.senders", String.valueOf(context.senderObservations().size()));
    }
}
