package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.Order;
import dev.channels.spring.listener.ChannelListenerDefaults;
import dev.channels.spring.listener.error.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/** The YAML of the README, read as an application reads it. */
class ChannelsYamlConfigurationTests {
    @Test
    void theReadmeExampleGivesTheChannelsItDescribes() {
        SpringApplication app = new SpringApplication(Application.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = app.run("--spring.config.location=classpath:readme-example.yml")) {
            assertThat(context.getBeansOfType(Channel.class)).containsOnlyKeys("orders", "audit", "events", "plain");
            assertThat(context.getBean("orders", Channel.class).capacity()).isEqualTo(100);
            assertThat(context.getBean("audit", Channel.class).capacity()).isZero();
            assertThat(context.getBean("events", Channel.class).capacity()).isEqualTo(Channel.UNLIMITED);
            assertThat(context.getBean("plain", Channel.class).capacity()).as("an entry with no settings takes the defaults")
                    .isEqualTo(16);
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(Channel.class, Order.class)))
                    .as("the typed channel is found by its element type").containsExactly("orders");
            assertThat(context.getBeanFactory().getMergedBeanDefinition("orders").getResolvableType())
                    .hasToString("dev.channels.Channel<dev.channels.spring.Order>");
            ChannelsProperties properties = context.getBean(ChannelsProperties.class);
            assertThat(properties.getMetrics().getTimers().isBlocked()).isTrue();
            assertThat(properties.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getShutdown().getOrder()).containsExactly("orders", "audit");
        }
    }

    @Test
    void theReadmeListenerExampleGivesTheRetriesAndDeadLettersItDescribes() {
        SpringApplication app = new SpringApplication(Application.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = app.run("--spring.config.location=classpath:readme-listeners.yml")) {
            ChannelListenerDefaults defaults = context.getBean(ChannelListenerDefaults.class);
            assertThat(defaults.autoStartup()).isTrue();
            assertThat(defaults.retry("payments")).as("the defaults")
                    .isEqualTo(new RetrySettings(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)));
            assertThat(defaults.retry("orders")).as("the channel's own max-attempts, the rest from the defaults")
                    .isEqualTo(new RetrySettings(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)));
            assertThat(defaults.deadLetter("orders")).isSameAs(context.getBean("orders-dead"));
            assertThat(defaults.deadLetter("payments")).isNull();
            assertThat(context.getBean("orders-dead", Channel.class).capacity()).isEqualTo(1000);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class Application {
    }
}
