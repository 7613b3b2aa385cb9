package dev.channels.kafka;

import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts small applications with one Kafka channel, {@code orders}, against the embedded broker. */
final class TestApplications {
    private TestApplications() {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
            ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class })
    static class Application {
    }

    /** An application named {@code name} whose {@code orders} channel lives in {@code topic}, keyed by customer. */
    static ConfigurableApplicationContext start(String name, String topic, int capacity, String... more) {
        return start(Application.class, name, topic, capacity, more);
    }

    static ConfigurableApplicationContext start(Class<?> application, String name, String topic, int capacity,
            String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.application.name=" + name,
                "--spring.kafka.bootstrap-servers=" + EmbeddedBroker.servers(),
                "--channels.instances.orders.capacity=" + capacity,
                "--channels.instances.orders.element-type=" + Order.class.getName(),
                "--channels.instances.orders.kafka.topic=" + topic,
                "--channels.instances.orders.kafka.key=customer",
                "--channels.shutdown.timeout=20s"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }
}
