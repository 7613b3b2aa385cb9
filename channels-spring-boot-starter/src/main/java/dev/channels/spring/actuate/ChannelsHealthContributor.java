package dev.channels.spring.actuate;

import dev.channels.Channel;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * The {@code channels} health contributor: one {@link ChannelHealthIndicator} per channel in the
 * registry, read at each health check, so channels registered later are included. Each channel
 * keeps its indicator from check to check (that is how a stalled channel is recognized) until it
 * leaves the registry or another channel takes its name.
 */
public final class ChannelsHealthContributor implements CompositeHealthContributor {
    private final ChannelRegistry registry;
    private final Duration stalledAfter;
    private final Set<ChannelHealthCondition> downWhen;
    private final LongSupplier nanoTime;
    private final Map<String, Indicated> indicators = new ConcurrentHashMap<>();

    /**
     * Creates a contributor whose channels are {@code UP} whatever their state, with the default
     * stall time of 30 seconds.
     *
     * @param registry the channels
     */
    public ChannelsHealthContributor(ChannelRegistry registry) {
        this(registry, Duration.ofSeconds(30), EnumSet.noneOf(ChannelHealthCondition.class), System::nanoTime);
    }

    /**
     * Creates the contributor.
     *
     * @param registry the channels
     * @param stalledAfter how long a channel must be full with no value received to be stalled; more than zero
     * @param downWhen the conditions that make a channel's status {@code DOWN}
     * @param nanoTime a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @throws IllegalArgumentException if {@code stalledAfter} is not more than zero
     */
    public ChannelsHealthContributor(ChannelRegistry registry, Duration stalledAfter,
            Set<ChannelHealthCondition> downWhen, LongSupplier nanoTime) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.stalledAfter = Objects.requireNonNull(stalledAfter, "stalledAfter");
        if (stalledAfter.isNegative() || stalledAfter.isZero()) {
            throw new IllegalArgumentException("The stall time must be more than zero, not " + stalledAfter);
        }
        this.downWhen = downWhen.isEmpty() ? EnumSet.noneOf(ChannelHealthCondition.class) : EnumSet.copyOf(downWhen);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.find(name).map(channel -> indicator(name, channel)).orElse(null);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        SortedMap<String, Channel<?>> channels = registry.channels();
        indicators.keySet().retainAll(channels.keySet());
        return channels.entrySet().stream()
                .map(entry -> new HealthContributors.Entry(entry.getKey(), indicator(entry.getKey(), entry.getValue())));
    }

    /** The indicator kept for this channel under this name, or a new one for a channel new to the name. */
    private ChannelHealthIndicator indicator(String name, Channel<?> channel) {
        return indicators.compute(name, (key, existing) -> existing != null && existing.channel() == channel ? existing
                : new Indicated(channel, new ChannelHealthIndicator(channel, stalledAfter, downWhen, nanoTime)))
                .indicator();
    }

    /** A channel and the indicator that has watched it. */
    private record Indicated(Channel<?> channel, ChannelHealthIndicator indicator) {
    }
}
