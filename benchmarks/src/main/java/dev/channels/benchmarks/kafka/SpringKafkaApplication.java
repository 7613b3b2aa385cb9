package dev.channels.benchmarks.kafka;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The plain Spring Kafka subject: a {@code KafkaTemplate} (Boot's) sends, a {@code @KafkaListener}
 * handles; configured in {@code kafka-benchmark-spring-kafka.yml} with the Kafka channel's
 * settings (acks=all, idempotence, JSON values, the window's {@code max.poll.records}, commits
 * after the listener).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class })
public class SpringKafkaApplication {
    /** The name of the YAML file ({@code spring.config.name}). */
    public static final String CONFIG = "kafka-benchmark-spring-kafka";

    @Bean
    Handled handled() {
        return new Handled();
    }

    @Bean
    OrderListener orderListener(Handled handled) {
        return new OrderListener(handled);
    }

    /**
     * Commits asynchronously, as the Kafka channel does (Spring Kafka commits synchronously by
     * default, and Boot has no property for it: a container customizer is Boot's way).
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> asyncCommits() {
        return container -> container.getContainerProperties().setSyncCommits(false);
    }

    /** Handles each record of the topic. */
    static final class OrderListener {
        private final Handled handled;

        OrderListener(Handled handled) {
            this.handled = handled;
        }

        @KafkaListener(id = "bench-orders", topics = "${benchmark.topic}", groupId = "${spring.application.name}-orders")
        void handle(Order order) {
            handled.handle(order);
        }
    }
}
