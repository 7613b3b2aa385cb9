package dev.channels.spring.actuate;

import dev.channels.spring.registry.ChannelRegistry;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * The {@code channels} health contributor: one {@link ChannelHealthIndicator} per channel in the
 * registry, read at each health check, so channels registered later are included.
 */
public final class ChannelsHealthContributor implements CompositeHealthContributor {
    private final ChannelRegistry registry;

    /**
     * Creates the contributor.
     *
     * @param registry the channels
     */
    public ChannelsHealthContributor(ChannelRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.find(name).map(ChannelHealthIndicator::new).orElse(null);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return registry.channels().entrySet().stream()
                .map(entry -> new HealthContributors.Entry(entry.getKey(), new ChannelHealthIndicator(entry.getValue())));
    }
}
