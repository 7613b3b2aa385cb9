package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.channels.Channel;
import dev.channels.spring.actuate.ChannelDescriptor;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointWebExtension;
import dev.channels.spring.actuate.ListenerDescriptor;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.ListenerState;
import dev.channels.spring.registry.ChannelRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
            assertThat(channels.get(3)).isEqualTo(new ChannelDescriptor("orders", 5, false, 1, 0, 0, 1, 0, 0, false, null, List.of()));
            assertThat(channels.get(1)).isEqualTo(new ChannelDescriptor("events", null, true, 0, 0, 0, 0, 0, 0, false, null, List.of()));
        });
    }

    @Test
    void readsOneChannelByNameAndNullForAnUnknownName() {
        exposed.run(context -> {
            ChannelsEndpoint endpoint = context.getBean(ChannelsEndpoint.class);
            assertThat(endpoint.channel("audit")).isEqualTo(new ChannelDescriptor("audit", 0, false, 0, 0, 0, 0, 0, 0, false, null, List.of()));
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
    void showsEachChannelsListenersAndPausesAndResumesThemById() {
        exposed.withBean("auditor", Auditor.class).run(context -> {
            ChannelsEndpoint endpoint = context.getBean(ChannelsEndpoint.class);

            assertThat(endpoint.channel("audit").listeners()).containsExactly(
                    new ListenerDescriptor("auditor.audit", 1, "running", 0, 0, 0, 0, 0));
            assertThat(endpoint.channel("orders").listeners()).isEmpty();

            assertThat(endpoint.control("audit", "auditor.audit", "pause").state()).isEqualTo("paused");
            assertThat(context.getBean(ChannelListenerRegistry.class).state("auditor.audit")).isEqualTo(ListenerState.PAUSED);
            assertThat(endpoint.control("audit", "auditor.audit", "resume").state()).isEqualTo("running");
            assertThat(endpoint.control("audit", "nope", "pause")).as("no such listener").isNull();
            assertThat(endpoint.listener("audit", "auditor.audit").state()).isEqualTo("running");
            assertThat(endpoint.listener("orders", "auditor.audit")).isNull();
            assertThat(endpoint.control("orders", "auditor.audit", "pause")).as("not a listener of orders").isNull();
            assertThatIllegalArgumentException().isThrownBy(() -> endpoint.control("audit", "auditor.audit", "explode"))
                    .withMessage("'explode' is not something a listener does; use pause or resume");
        });
    }

    @Test
    void theWebExtensionAnswers404ForAnUnknownListener400ForAnUnknownActionAnd409ForALoop() {
        exposed.withBean("auditor", Auditor.class).withUserConfiguration(LoopConfiguration.class).run(context -> {
            ChannelsEndpointWebExtension web = context.getBean(ChannelsEndpointWebExtension.class);

            assertThat(web.control("audit", "nope", "pause").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(web.control("nope", "auditor.audit", "pause").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(web.control("audit", "auditor.audit", "explode").getStatus())
                    .isEqualTo(WebEndpointResponse.STATUS_BAD_REQUEST);
            assertThat(web.control("orders", "ordersLoop", "pause").getStatus()).isEqualTo(409);
            assertThat(web.control("audit", "auditor.audit", "pause").getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
            assertThat(web.listener("audit", "nope").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(web.listener("audit", "auditor.audit").getBody().state()).isEqualTo("paused");
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

    static class Auditor {
        @ChannelListener(channel = "audit")
        void audit(Object value) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LoopConfiguration {
        @Bean
        ChannelListenerContainer ordersLoop(@Qualifier("orders") Channel<String> orders) {
            return ChannelListenerContainer.loop("ordersLoop", orders, 1, channel -> {
                for (String order : channel) {
                    assertThat(order).isNotNull();
                }
            });
        }
    }
}
