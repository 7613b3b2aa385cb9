package dev.channels.spring.actuate;

import dev.channels.ChannelInfo;
import dev.channels.ChannelStats;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one channel: UP while open, OUT_OF_SERVICE once closed, DOWN if it failed; the
 * details show its size and capacity.
 */
public final class ChannelHealthIndicator implements HealthIndicator {
    private final ChannelInfo channel;

    /**
     * Creates the indicator.
     *
     * @param channel the channel
     */
    public ChannelHealthIndicator(ChannelInfo channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public Health health() {
        ChannelStats stats = channel.stats();
        Health.Builder health = stats.failed() ? Health.down(stats.cause())
                : stats.closed() ? Health.outOfService() : Health.up();
        return health.withDetail("size", stats.size())
                .withDetail("capacity", stats.unlimited() ? "unlimited" : stats.capacity())
                .build();
    }
}
