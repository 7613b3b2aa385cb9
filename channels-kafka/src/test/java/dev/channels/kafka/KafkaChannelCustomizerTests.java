package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.ChannelInterceptor;
import dev.channels.ChannelObserver;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.registry.ChannelCustomizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link ChannelCustomizer} beans are applied to a Kafka channel as to a local one: the
 * interceptor and the observer a customizer adds see the values of the Kafka channel (on its
 * local window) as they see a local channel's.
 */
class KafkaChannelCustomizerTests {

    /** What the customizer saw and what the parts it added heard of. */
    static final class Heard {
        final List<String> customized = new CopyOnWriteArrayList<>();
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicLong bufferWaits = new AtomicLong();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
            ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class })
    static class Customized {
        @Bean
        Heard heard() {
            return new Heard();
        }

        @Bean
        ChannelCustomizer recordingCustomizer(Heard heard) {
            return (name, builder) -> {
                heard.customized.add(name);
                @SuppressWarnings("unchecked")
                dev.channels.ChannelBuilder<Object> typed = (dev.channels.ChannelBuilder<Object>) builder;
                typed.interceptor(new ChannelInterceptor<Object>() {
                    @Override
                    public Object onSend(Object value) {
                        return name;
                    }

                    @Override
                    public void onReceive(Object value, Object attachment) {
                        heard.received.add(attachment + ": " + value);
                    }
                });
                typed.observer(new ChannelObserver() {
                    @Override
                    public void bufferWaited(long nanos) {
                        heard.bufferWaits.incrementAndGet();
                    }

                    @Override
                    public boolean timesBuffer() {
                        return true;
                    }
                });
            };
        }
    }

    @Test
    void aCustomizersInterceptorAndObserverSeeTheKafkaChannelsValuesAsTheySeeALocalChannels() throws Exception {
        String topic = EmbeddedBroker.topic("customized", 1);
        try (ConfigurableApplicationContext context = TestApplications.start(Customized.class, "customized-app", topic, 10,
                "--channels.instances.audit.capacity=5")) {
            Heard heard = context.getBean(Heard.class);
            assertThat(heard.customized).containsExactlyInAnyOrder("orders", "audit");
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
            @SuppressWarnings("unchecked")
            Channel<String> audit = context.getBean("audit", Channel.class);

            orders.send(new Order("c", 1));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> orders.size() == 1); // in the window, not handed to a waiting receiver
            assertThat(orders.receive(Duration.ofSeconds(30))).isEqualTo(new Order("c", 1));
            audit.send("checked");
            assertThat(audit.receive()).isEqualTo("checked");

            assertThat(heard.received).containsExactly("orders: " + new Order("c", 1), "audit: checked");
            assertThat(heard.bufferWaits).as("each value's time in the buffer (the Kafka channel's window)").hasValue(2);
            assertThat(orders.stats().received()).isEqualTo(1);
        }
    }
}
