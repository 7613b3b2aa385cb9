package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.Select;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.registry.ChannelCustomizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

/**
 * Kafka channels through Spring AOT, as {@code spring-boot:process-aot} does it: the context is
 * processed ahead of time, the generated code compiled, and a new context started from it alone
 * with the configuration given at run time; then its Kafka channels send through the embedded
 * broker, a listener handles what they fetch and commits, a plain receive and a select take
 * values, and the customizers were applied.
 */
@CompileWithForkedClassLoader
class KafkaChannelsAotTests {

    @Test
    void kafkaChannelsAndTheirListenerWorkFromTheGeneratedCode() {
        String handled = EmbeddedBroker.topic("aot-handled", 2);
        String received = EmbeddedBroker.topic("aot-received", 1);
        String[] properties = { "spring.application.name=aot-app", "spring.kafka.bootstrap-servers=" + EmbeddedBroker.servers(),
                "channels.shutdown.timeout=20s",
                "channels.instances.orders.capacity=10", "channels.instances.orders.element-type=" + Order.class.getName(),
                "channels.instances.orders.kafka.topic=" + handled, "channels.instances.orders.kafka.key=customer",
                "channels.instances.events.capacity=10", "channels.instances.events.element-type=" + Order.class.getName(),
                "channels.instances.events.kafka.topic=" + received };
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
                        ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class))
                .withUserConfiguration(ListenerConfiguration.class)
                .withPropertyValues(properties);
        runner.prepare(prepared -> {
            GenericApplicationContext source = (GenericApplicationContext) prepared.getSourceApplicationContext();
            TestGenerationContext generation = new TestGenerationContext(KafkaChannelsAotTests.class);
            ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(source, generation);
            generation.writeGeneratedContent();
            TestCompiler.forSystem().with(generation).compile(compiled -> {
                try (GenericApplicationContext context = new GenericApplicationContext()) {
                    TestPropertyValues.of(properties).applyTo(context);
                    @SuppressWarnings("unchecked")
                    ApplicationContextInitializer<GenericApplicationContext> generated =
                            compiled.getInstance(ApplicationContextInitializer.class, initializer.toString());
                    generated.initialize(context);
                    context.refresh();
                    check(context);
                } catch (Exception failed) {
                    throw new IllegalStateException(failed);
                }
            });
        });
    }

    private static void check(GenericApplicationContext context) throws Exception {
        assertThat(context.containsBean("channelInstanceRegistrar")).as("left out of the generated code").isFalse();
        @SuppressWarnings("unchecked")
        KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
        @SuppressWarnings("unchecked")
        KafkaChannel<Order> events = context.getBean("events", KafkaChannel.class);
        assertThat(context.getBean(CustomizedNames.class).names).containsExactlyInAnyOrder("orders", "events");

        for (int seq = 0; seq < 20; seq++) {
            orders.send(new Order("c" + (seq % 2), seq));
        }
        OrderHandler handler = context.getBean(OrderHandler.class);
        List<Integer> seqs = new ArrayList<>();
        while (seqs.size() < 20) {
            Order order = handler.handled.poll(30, TimeUnit.SECONDS);
            assertThat(order).as("order %d handled by the listener", seqs.size()).isNotNull();
            seqs.add(order.seq());
        }
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.info())
                .satisfies(info -> {
                    assertThat(info.commits()).as("committed once the listener returned").isPositive();
                    assertThat(info.lag()).isZero();
                }));

        events.send(new Order("e", 1));
        assertThat(events.receive(Duration.ofSeconds(30))).isEqualTo(new Order("e", 1));
        Channel<String> local = Channel.buffered(1);
        assertThat(Select.<String>ordered().onSend(events, new Order("e", 2), () -> "sent").onSend(local, "x", () -> "local")
                .await()).isEqualTo("sent");
        assertThat(Select.<String>fair().onReceive(events, order -> "event " + order.seq()).await()).isEqualTo("event 2");
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {
        @Bean
        OrderHandler orderHandler() {
            return new OrderHandler();
        }

        @Bean
        CustomizedNames customizedNames() {
            return new CustomizedNames();
        }

        @Bean
        ChannelCustomizer recordingCustomizer(CustomizedNames names) {
            return (name, builder) -> names.names.add(name);
        }
    }

    /** The channels a customizer saw built. */
    static class CustomizedNames {
        final List<String> names = new CopyOnWriteArrayList<>();
    }

    /** Handles the orders of the Kafka channel {@code orders}. */
    static class OrderHandler {
        final BlockingQueue<Order> handled = new LinkedBlockingQueue<>();

        @ChannelListener(channel = "orders", concurrency = 2)
        void handle(Order order) {
            handled.add(order);
        }
    }
}
