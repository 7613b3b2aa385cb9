package dev.channels.kafka;

import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, String> args = new LinkedHashMap<>();
        args.put("spring.application.name", name);
        args.put("channels.instances.orders.capacity", String.valueOf(capacity));
        args.put("channels.instances.orders.element-type", Order.class.getName());
        args.put("channels.instances.orders.kafka.topic", topic);
        args.put("channels.instances.orders.kafka.key", "customer");
        args.put("channels.shutdown.timeout", "20s");
        for (String setting : more) { // "--name=value": replaces a default
            int equals = setting.indexOf('=');
            args.put(setting.substring(2, equals), setting.substring(equals + 1));
        }
        args.computeIfAbsent("spring.kafka.bootstrap-servers", unset -> EmbeddedBroker.servers());
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .run(args.entrySet().stream().map(arg -> "--" + arg.getKey() + "=" + arg.getValue()).toArray(String[]::new));
    }
}
