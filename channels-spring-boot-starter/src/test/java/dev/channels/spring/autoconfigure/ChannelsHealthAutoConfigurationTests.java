package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.actuate.ChannelsHealthContributor;
import dev.channels.spring.registry.ChannelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ChannelsHealthAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsHealthAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=5", "channels.instances.events.capacity=unlimited",
                    "channels.instances.audit.capacity=0");

    @Test
    void oneIndicatorPerChannelSortedByNameIncludingChannelsRegisteredLater() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ChannelsHealthContributor.class).hasBean("channelsHealthContributor");
            CompositeHealthContributor health = context.getBean(ChannelsHealthContributor.class);
            assertThat(health.stream().map(HealthContributors.Entry::name)).containsExactly("audit", "events", "orders");

            context.getBean(ChannelRegistry.class).create("late", builder -> builder.capacity(1));

            assertThat(health.stream().map(HealthContributors.Entry::name)).containsExactly("audit", "events", "late", "orders");
            assertThat(health.getContributor("late")).isInstanceOf(HealthIndicator.class);
            assertThat(health.getContributor("nope")).isNull();
        });
    }

    @Test
    void anOpenChannelIsUpWithSizeAndCapacity() {
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            orders.send("a");
            orders.send("b");

            Health health = health(context, "orders");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("size", 2, "capacity", 5));
            assertThat(health(context, "events").getDetails()).containsEntry("capacity", "unlimited");
        });
    }

    @Test
    void aClosedChannelIsOutOfServiceAndAFailedOneIsDown() {
        runner.run(context -> {
            context.getBean("orders", Channel.class).close();
            context.getBean("audit", Channel.class).fail(new IllegalStateException("upstream broke"));

            assertThat(health(context, "orders").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            Health failed = health(context, "audit");
            assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(failed.getDetails()).containsEntry("error", "java.lang.IllegalStateException: upstream broke")
                    .containsEntry("size", 0).containsEntry("capacity", 0);
        });
    }

    @Test
    void managementHealthChannelsEnabledFalseTurnsItOff() {
        runner.withPropertyValues("management.health.channels.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChannelsHealthContributor.class));
    }

    @Test
    void backsOffWithoutBootsHealthModule() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("channelsHealthContributor"));
    }

    @Test
    void backsOffFromTheApplicationsOwnContributorOfThatName() {
        HealthIndicator own = () -> Health.up().build();
        runner.withBean("channelsHealthContributor", HealthIndicator.class, () -> own)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ChannelsHealthContributor.class);
                    assertThat(context.getBean("channelsHealthContributor")).isSameAs(own);
                });
    }

    private static Health health(AssertableApplicationContext context, String channel) {
        HealthIndicator indicator = (HealthIndicator) context.getBean(ChannelsHealthContributor.class).getContributor(channel);
        return indicator.health();
    }
}
