package dev.channels.benchmarks.kafka;

import dev.channels.kafka.KafkaChannelsAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The Kafka channel subject: an application whose {@code orders} channel is a Kafka channel
 * (configured in {@code kafka-benchmark-channels.yml}) and whose values a {@code @ChannelListener}
 * handles. The auto-configurations are named rather than discovered, so that both subjects get
 * exactly what they use.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class, ChannelsAutoConfiguration.class,
        KafkaChannelsAutoConfiguration.class })
public class ChannelsApplication {
    /** The name of the YAML file ({@code spring.config.name}). */
    public static final String CONFIG = "kafka-benchmark-channels";

    @Bean
    Handled handled() {
        return new Handled();
    }

    @Bean
    OrderListener orderListener(Handled handled) {
        return new OrderListener(handled);
    }

    /** Handles each value of {@code orders}. */
    static final class OrderListener {
        private final Handled handled;

        OrderListener(Handled handled) {
            this.handled = handled;
        }

        @ChannelListener(channel = "orders", id = "bench-orders")
        void handle(Order order) {
            handled.handle(order);
        }
    }
}
