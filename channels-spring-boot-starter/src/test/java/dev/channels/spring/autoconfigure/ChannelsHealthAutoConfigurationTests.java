package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.actuate.ChannelsHealthContributor;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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
    void anOpenChannelIsUpWithItsStateSizeCapacityFillAndWhetherItIsStalled() {
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            orders.send("a");
            orders.send("b");

            Health health = health(context, "orders");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("state", "open", "size", 2, "capacity", 5, "fill", 0.4, "stalled", false));
            assertThat(health(context, "events").getDetails()).containsEntry("capacity", "unlimited");
        });
    }

    @Test
    void byDefaultClosedAndFailedChannelsStayUpAndSayWhatHappened() {
        runner.run(context -> {
            context.getBean("orders", Channel.class).close();
            context.getBean("audit", Channel.class).fail(new IllegalStateException("upstream broke"));

            Health closed = health(context, "orders");
            assertThat(closed.getStatus()).isEqualTo(Status.UP);
            assertThat(closed.getDetails()).containsEntry("state", "closed");
            Health failed = health(context, "audit");
            assertThat(failed.getStatus()).isEqualTo(Status.UP);
            assertThat(failed.getDetails()).containsEntry("state", "failed")
                    .containsEntry("failure", "java.lang.IllegalStateException: upstream broke")
                    .containsEntry("size", 0).containsEntry("capacity", 0);
        });
    }

    @Test
    void downWhenFailedMakesAFailedChannelDownAndLeavesAClosedOneUp() {
        runner.withPropertyValues("channels.health.down-when=failed").run(context -> {
            context.getBean("orders", Channel.class).close();
            context.getBean("audit", Channel.class).fail(new IllegalStateException("upstream broke"));

            assertThat(health(context, "orders").getStatus()).isEqualTo(Status.UP);
            assertThat(health(context, "audit").getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void downWhenStalledWithAShortStallTimeMakesAFullChannelThatNobodyReceivesFromDown() {
        runner.withPropertyValues("channels.health.down-when=Failed, STALLED", "channels.health.stalled-after=1ms")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<String> orders = context.getBean("orders", Channel.class);
                    for (int i = 0; i < 5; i++) {
                        orders.send("v" + i);
                    }
                    // Each check is one observation; the channel is stalled once two checks 1 ms apart saw it full.
                    await().atMost(Duration.ofSeconds(30)).until(() -> health(context, "orders").getStatus().equals(Status.DOWN));
                    assertThat(health(context, "orders").getDetails()).containsEntry("stalled", true).containsEntry("fill", 1.0);

                    orders.receive();
                    assertThat(health(context, "orders").getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void theStallTimeDefaultsToThirtySecondsAndDownWhenToNothing() {
        runner.run(context -> {
            ChannelsHealthProperties properties = context.getBean(ChannelsHealthProperties.class);
            assertThat(properties.getStalledAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getDownWhen()).isEmpty();
        });
    }

    @Test
    void anUnknownDownWhenStateFailsStartUpNamingTheEntryAndTheValue() {
        runner.withPropertyValues("channels.health.down-when=failed,sleepy").run(context -> assertThat(context)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("channels.health.down-when[1]").hasMessageContaining("sleepy")
                .hasMessageContaining("[failed, stalled]"));
    }

    @Test
    void aNormalStateInDownWhenFailsStartUpSayingWhy() {
        runner.withPropertyValues("channels.health.down-when=closed").run(context -> assertThat(context)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("channels.health.down-when[0]")
                .hasMessageContaining("'closed' is a normal state of a channel"));
    }

    @Test
    void aStallTimeThatIsNegativeOrZeroFailsStartUpNamingTheProperty() {
        for (String value : new String[] { "-1s", "0s" }) {
            runner.withPropertyValues("channels.health.stalled-after=" + value).run(context -> assertThat(context)
                    .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("channels.health.stalled-after").hasMessageContaining("more than zero"));
        }
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
