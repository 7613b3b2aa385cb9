package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.actuate.ChannelDescriptor;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointWebExtension;
import dev.channels.spring.registry.ChannelRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ChannelsEndpointAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsEndpointAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=5", "channels.instances.audit.capacity=0",
                    "channels.instances.events.capacity=unlimited");

    private final ApplicationContextRunner exposed = runner.withPropertyValues("management.endpoints.web.exposure.include=channels");

    @Test
    void theEndpointAndItsWebExtensionNeedWebExposure() {
        exposed.run(context -> assertThat(context).hasSingleBean(ChannelsEndpoint.class)
                .hasSingleBean(ChannelsEndpointWebExtension.class));
    }

    @Test
    void backsOffWhenTheEndpointIsNotExposed() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChannelsEndpoint.class)
                .doesNotHaveBean(ChannelsEndpointWebExtension.class));
    }

    @Test
    void exposedOverJmxOnlyThereIsNoWebExtension() {
        runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=channels")
                .run(context -> assertThat(context).hasSingleBean(ChannelsEndpoint.class)
                        .doesNotHaveBean(ChannelsEndpointWebExtension.class));
    }

    @Test
    void backsOffWhenAccessIsNone() {
        exposed.withPropertyValues("management.endpoint.channels.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(ChannelsEndpoint.class));
    }

    @Test
    void backsOffWithoutActuator() {
        exposed.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChannelsEndpoint.class).hasBean("orders"));
    }

    @Test
    void backsOffFromTheApplicationsOwnEndpoint() {
        ChannelsEndpoint own = new ChannelsEndpoint(new ChannelRegistry());
        exposed.withBean(ChannelsEndpoint.class, () -> own)
                .run(context -> assertThat(context).getBean(ChannelsEndpoint.class).isSameAs(own));
    }

    @Test
    void listsEveryChannelSortedByName() {
        exposed.run(context -> {
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            orders.send("a");
            context.getBean(ChannelRegistry.class).create("late", builder -> builder.capacity(1));

            var channels = context.getBean(ChannelsEndpoint.class).channels().channels();

            assertThat(channels).extracting(ChannelDescriptor::name).containsExactly("audit", "events", "late", "orders");
            assertThat(channels.get(3)).isEqualTo(new ChannelDescriptor("orders", 5, false, 1, 0, 0, 1, 0, 0, false, null));
            assertThat(channels.get(1)).isEqualTo(new ChannelDescriptor("events", null, true, 0, 0, 0, 0, 0, 0, false, null));
        });
    }

    @Test
    void readsOneChannelByNameAndNullForAnUnknownName() {
        exposed.run(context -> {
            ChannelsEndpoint endpoint = context.getBean(ChannelsEndpoint.class);
            assertThat(endpoint.channel("audit")).isEqualTo(new ChannelDescriptor("audit", 0, false, 0, 0, 0, 0, 0, 0, false, null));
            assertThat(endpoint.channel("nope")).isNull();

            context.getBean("audit", Channel.class).fail(new IllegalStateException("boom"));
            assertThat(endpoint.channel("audit").failure()).isEqualTo("java.lang.IllegalStateException: boom");
            assertThat(endpoint.channel("audit").closed()).isTrue();
        });
    }

    @Test
    void closesAChannelByName() {
        exposed.run(context -> {
            ChannelsEndpoint endpoint = context.getBean(ChannelsEndpoint.class);

            ChannelDescriptor closed = endpoint.close("orders");

            assertThat(closed.closed()).isTrue();
            assertThat(context.getBean("orders", Channel.class).isClosed()).isTrue();
            assertThat(endpoint.close("nope")).isNull();
        });
    }

    @Test
    void theWebExtensionAnswers404ForAnUnknownName() {
        exposed.run(context -> {
            ChannelsEndpointWebExtension web = context.getBean(ChannelsEndpointWebExtension.class);
            assertThat(web.channel("nope").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(web.close("nope").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(web.channel("orders").getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
            assertThat(web.channel("orders").getBody().name()).isEqualTo("orders");
            assertThat(web.close("orders").getBody().closed()).isTrue();
        });
    }
}
