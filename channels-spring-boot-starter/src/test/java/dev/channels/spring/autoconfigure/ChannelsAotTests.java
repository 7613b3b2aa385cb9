package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.Order;
import dev.channels.spring.Payment;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsHealthContributor;
import dev.channels.spring.listener.BatchListenerContainer;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.ListenerState;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.metrics.ChannelMetrics;
import dev.channels.spring.registry.ChannelCustomizer;
import dev.channels.spring.registry.ChannelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

/**
 * Every auto-configuration through Spring AOT, as {@code spring-boot:process-aot} does it: the
 * context is processed ahead of time, the generated code compiled, and a new context started from
 * it alone (no configuration classes are parsed, no post-processor registers channels) with the
 * configuration given at run time; then its channels, listeners, meters, health and endpoint work.
 */
@CompileWithForkedClassLoader
class ChannelsAotTests {
    private static final String[] CHANNELS = { "channels.instances.orders.capacity=5",
            "channels.instances.orders.element-type=dev.channels.spring.Order", "channels.instances.audit.capacity=0",
            "channels.instances.payments.capacity=20", "channels.instances.payments.element-type=dev.channels.spring.Payment",
            "channels.instances.payments.listener.retry.max-attempts=2", "channels.instances.payments.listener.retry.backoff=0ms",
            "channels.instances.payments.listener.dead-letter=payments-dead", "channels.instances.payments-dead.capacity=20",
            "management.endpoints.web.exposure.include=channels" };
    private static final String[] CHANNEL_NAMES = { "orders", "audit", "payments", "payments-dead" };

    /** Boot's own metrics auto-configuration, which binds the meters to a simple registry. */
    private static final AutoConfigurations METRICS = AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsMetricsAutoConfiguration.class,
                    ChannelsHealthAutoConfiguration.class, ChannelsEndpointAutoConfiguration.class))
            .withConfiguration(METRICS)
            .withUserConfiguration(ListenerConfiguration.class)
            .withPropertyValues(CHANNELS);

    @Test
    void theChannelsAutoConfigurationAloneRunsFromTheGeneratedCode() {
        assertRunsAlone(ChannelsAutoConfiguration.class, ChannelRegistry.class);
    }

    @Test
    void theMetricsAutoConfigurationRunsFromTheGeneratedCode() {
        assertRunsAlone(ChannelsMetricsAutoConfiguration.class, ChannelMetrics.class);
    }

    @Test
    void theHealthAutoConfigurationRunsFromTheGeneratedCode() {
        assertRunsAlone(ChannelsHealthAutoConfiguration.class, ChannelsHealthContributor.class);
    }

    @Test
    void theEndpointAutoConfigurationRunsFromTheGeneratedCode() {
        assertRunsAlone(ChannelsEndpointAutoConfiguration.class, ChannelsEndpoint.class);
    }

    /** One auto-configuration beside the core one: its bean is there, the YAML channels are beans, a listener consumes. */
    private static void assertRunsAlone(Class<?> autoConfiguration, Class<?> bean) {
        ApplicationContextRunner alone = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, autoConfiguration))
                .withConfiguration(METRICS)
                .withUserConfiguration(ListenerConfiguration.class)
                .withPropertyValues(CHANNELS);
        processAheadOfTimeAndRun(alone, CHANNELS, (context, hints) -> {
            assertThat(context.getBeanNamesForType(bean)).hasSize(1);
            assertThat(context.containsBean("channelInstanceRegistrar")).as("left out of the generated code").isFalse();
            assertThat(context.getBeanNamesForType(Channel.class)).containsExactlyInAnyOrder(CHANNEL_NAMES);
            assertConsumes(context, new Order("o-1"));
        });
    }

    @Test
    void yamlChannelsRuntimeChannelsListenersMetricsHealthAndTheEndpointWorkTogether() {
        processAheadOfTimeAndRun(runner, CHANNELS, (context, hints) -> {
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(Channel.class, Order.class)))
                    .containsExactly("orders");
            assertThat(context.getBean("orders", Channel.class).capacity()).isEqualTo(5);
            assertThat(context.getBean("audit", Channel.class).capacity()).isZero();
            assertConsumes(context, new Order("o-2"));

            ChannelRegistry registry = context.getBean(ChannelRegistry.class);
            Channel<String> jobs = registry.create("jobs", builder -> builder.capacity(2));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("channel.size").tag("name", "jobs").gauge()).as("a runtime channel's meters").isNotNull();
            assertThat(meters.find("channel.messages").tag("name", "orders").tag("operation", "receive")
                    .functionCounter().count()).isEqualTo(1.0);
            assertThat(context.getBean(CustomizedNames.class).names).as("YAML and runtime channels customized")
                    .containsExactlyInAnyOrder("orders", "audit", "payments", "payments-dead", "jobs");
            jobs.fail(new IllegalStateException("done"));
            Health health = ((HealthIndicator) context.getBean(ChannelsHealthContributor.class).getContributor("jobs")).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "failed");
            assertThat(context.getBean(ChannelsEndpoint.class).channels().channels())
                    .extracting(descriptor -> descriptor.name()).containsExactly("audit", "jobs", "orders", "payments",
                            "payments-dead");
        });
    }

    @Test
    void listenerIdsBatchesRetriesAndDeadLettersWorkFromTheGeneratedCode() {
        processAheadOfTimeAndRun(runner, CHANNELS, (context, hints) -> {
            ChannelListenerRegistry listeners = context.getBean(ChannelListenerRegistry.class);
            assertThat(listeners.containers()).extracting(ChannelListenerContainer::id)
                    .containsExactlyInAnyOrder("orderHandler.handle", "charger");
            assertThat(listeners.require("charger")).isInstanceOf(BatchListenerContainer.class);
            assertThat(listeners.state("charger")).as("autoStartup = false").isEqualTo(ListenerState.STOPPED);
            @SuppressWarnings("unchecked")
            Channel<Payment> payments = context.getBean("payments", Channel.class);
            for (int i = 0; i < 7; i++) {
                payments.send(new Payment(i == 6 ? -1 : i)); // the last one is declined
            }

            listeners.start("charger");

            PaymentHandler handler = context.getBean(PaymentHandler.class);
            @SuppressWarnings("unchecked")
            Channel<DeadLetter<?>> dead = context.getBean("payments-dead", Channel.class);
            // A full batch of five, then the two left, which fail together: one dead letter each.
            assertThat(handler.batches.poll(30, TimeUnit.SECONDS)).hasSize(5);
            DeadLetter<?> first = dead.receive(Duration.ofSeconds(30));
            DeadLetter<?> second = dead.receive(Duration.ofSeconds(30));
            assertThat(List.of(first.value(), second.value())).isEqualTo(List.of(new Payment(5), new Payment(-1)));
            assertThat(first.attempts()).as("from channels.instances.payments.listener.retry").isEqualTo(2);
            assertThat(listeners.require("charger").retries()).isEqualTo(1);
        });
    }

    @Test
    void aChannelsCapacityIsReadWhenTheApplicationStartsNotWhenItWasProcessed() {
        String[] atRunTime = { "channels.instances.orders.capacity=7",
                "channels.instances.orders.element-type=dev.channels.spring.Order", "channels.defaults.capacity=3" };
        processAheadOfTimeAndRun(runner, atRunTime, (context, hints) -> {
            assertThat(context.getBean("orders", Channel.class).capacity()).isEqualTo(7);
            assertThat(context.getBean("audit", Channel.class).capacity()).as("now from the defaults").isEqualTo(3);
        });
    }

    @Test
    void listenerMethodsAndElementTypesGetRuntimeHints() {
        processAheadOfTimeAndRun(runner, CHANNELS, (context, hints) -> {
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderHandler.class, "handle")).accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PaymentHandler.class, "charge")).accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onType(Payment.class)).as("a batch listener's element type")
                    .accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderHandler.class, "notAListener"))
                    .rejects(hints);
        });
    }

    @SuppressWarnings("unchecked")
    private static void assertConsumes(GenericApplicationContext context, Order order) throws InterruptedException {
        context.getBean("orders", Channel.class).send(order);
        assertThat(context.getBean(OrderHandler.class).handled.poll(30, TimeUnit.SECONDS)).isEqualTo(order);
    }

    /** Processes the runner's context ahead of time, then starts the generated context with {@code properties}. */
    static void processAheadOfTimeAndRun(ApplicationContextRunner runner, String[] properties,
            Check check) {
        runner.prepare(prepared -> {
            GenericApplicationContext source = (GenericApplicationContext) prepared.getSourceApplicationContext();
            TestGenerationContext generation = new TestGenerationContext(ChannelsAotTests.class);
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
                    check.check(context, generation.getRuntimeHints());
                } catch (Exception failed) {
                    throw new IllegalStateException(failed);
                }
            });
        });
    }

    /** What to check of the context started from the generated code. */
    @FunctionalInterface
    interface Check {
        void check(GenericApplicationContext context, RuntimeHints hints) throws Exception;
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {
        @Bean
        OrderHandler orderHandler() {
            return new OrderHandler();
        }

        @Bean
        PaymentHandler paymentHandler() {
            return new PaymentHandler();
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
        final List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    /** Charges payments five at a time; a batch with a declined payment fails. */
    static class PaymentHandler {
        final BlockingQueue<List<Payment>> batches = new LinkedBlockingQueue<>();

        @ChannelListener(channel = "payments", id = "charger", autoStartup = "false", batchSize = 5, batchTimeout = "20ms")
        void charge(List<Payment> batch) {
            if (batch.stream().anyMatch(payment -> payment.amount() < 0)) {
                throw new IllegalStateException("declined");
            }
            batches.add(batch);
        }
    }

    static class OrderHandler {
        final BlockingQueue<Order> handled = new LinkedBlockingQueue<>();

        @ChannelListener(channel = "orders")
        void handle(Order order) {
            handled.add(order);
        }

        void notAListener(Order order) {
            handled.add(order);
        }
    }
}
