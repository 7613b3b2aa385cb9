package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.OverflowPolicy;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.registry.ChannelCustomizer;
import io.micrometer.observation.ObservationRegistry;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The auto-configuration: a kafka section makes a KafkaChannel with its defaults; without Spring
 * Kafka it backs off and a kafka section fails start-up naming the property and the module; every
 * bad value fails start-up naming its property. No broker is needed: nothing here sends.
 */
class KafkaChannelsAutoConfigurationTests {
    /** Nothing listens here: the channels never reach a broker. */
    private static final String NO_BROKER = "spring.kafka.bootstrap-servers=127.0.0.1:1";

    private static final String[] ORDERS = { "channels.instances.orders.capacity=10",
            "channels.instances.orders.element-type=" + Order.class.getName(), "channels.instances.orders.kafka=" };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
                    ChannelsAutoConfiguration.class, KafkaChannelsAutoConfiguration.class))
            .withPropertyValues(NO_BROKER, "spring.application.name=shop", "channels.shutdown.timeout=1s");

    @Test
    void aKafkaSectionMakesAKafkaChannelWithTheDefaultTopicAndGroup() {
        runner.withPropertyValues("channels.instances.orders.capacity=10",
                "channels.instances.orders.element-type=" + Order.class.getName(),
                "channels.instances.orders.kafka=").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KafkaChannelBackend.class);
                    KafkaChannel<?> orders = context.getBean("orders", KafkaChannel.class);
                    assertThat(orders.settings().topic()).isEqualTo("orders");
                    assertThat(orders.settings().group()).isEqualTo("shop-orders");
                    assertThat(orders.settings().key()).isNull();
                    assertThat(orders.capacity()).isEqualTo(10);
                    assertThat(orders.settings().elementType()).isEqualTo(Order.class);
                });
    }

    @Test
    void theSectionsTopicGroupAndKeyAreUsedAndOtherChannelsStayLocal() {
        runner.withPropertyValues("channels.instances.orders.capacity=10",
                "channels.instances.orders.element-type=" + Order.class.getName(),
                "channels.instances.orders.kafka.topic=shop.orders", "channels.instances.orders.kafka.group=billing",
                "channels.instances.orders.kafka.key=customer", "channels.instances.audit.capacity=5").run(context -> {
                    KafkaChannel<?> orders = context.getBean("orders", KafkaChannel.class);
                    assertThat(orders.settings()).extracting(KafkaChannelSettings::topic, KafkaChannelSettings::group,
                            KafkaChannelSettings::key).containsExactly("shop.orders", "billing", "customer");
                    assertThat(context.getBean("audit")).isNotInstanceOf(KafkaChannel.class);
                });
    }

    @Test
    void withObservationOnAndAnObservationRegistryKafkaChannelsCarryTheirValuesTraces() {
        runner.withPropertyValues(ORDERS).withPropertyValues("channels.observation.enabled=true")
                .withBean(ObservationRegistry.class, KafkaChannelsAutoConfigurationTests::observing).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KafkaChannelObservation.class);
                    assertThat(context.getBean("orders", KafkaChannel.class).carriesTraces()).isTrue();
                });
    }

    @Test
    void withObservationOffOrWithoutARegistryOrWithoutMicrometerKafkaChannelsCarryNoTraces() {
        runner.withPropertyValues(ORDERS).withBean(ObservationRegistry.class, KafkaChannelsAutoConfigurationTests::observing)
                .run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(KafkaChannelObservation.class);
            assertThat(context.getBean("orders", KafkaChannel.class).carriesTraces()).as("off by default").isFalse();
        });
        runner.withPropertyValues(ORDERS).withPropertyValues("channels.observation.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("orders", KafkaChannel.class).carriesTraces()).as("no registry").isFalse();
        });
        runner.withPropertyValues(ORDERS).withPropertyValues("channels.observation.enabled=true")
                .withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(KafkaChannelObservation.class);
                    assertThat(context.getBean("orders", KafkaChannel.class).carriesTraces()).as("no Micrometer").isFalse();
                });
    }

    /** A registry with a handler (one without any is a no-op registry). */
    private static ObservationRegistry observing() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        return registry;
    }

    @Test
    void withoutSpringKafkaItBacksOffAndAKafkaSectionFailsStartUpNamingThePropertyAndTheModule() {
        ApplicationContextRunner withoutKafka = runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class));
        withoutKafka.withPropertyValues("channels.instances.audit.capacity=5").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(KafkaChannelBackend.class);
            assertThat(context.getBean("audit")).isNotInstanceOf(KafkaChannel.class);
        });
        withoutKafka.withPropertyValues("channels.instances.orders.capacity=10",
                "channels.instances.orders.element-type=" + Order.class.getName(),
                "channels.instances.orders.kafka.topic=orders").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).contains("channels.instances.orders.kafka")
                            .contains("missing: Spring Kafka");
                });
    }

    static Stream<Arguments> badInput() {
        String type = "channels.instances.orders.element-type=" + Order.class.getName();
        return Stream.of(
                Arguments.of("a rendezvous channel", "channels.instances.orders.capacity",
                        new String[] {"channels.instances.orders.capacity=0", type, "channels.instances.orders.kafka.topic=t"}),
                Arguments.of("a rendezvous channel by default", "channels.defaults.capacity",
                        new String[] {type, "channels.instances.orders.kafka.topic=t"}),
                Arguments.of("an unlimited channel", "channels.instances.orders.capacity",
                        new String[] {"channels.instances.orders.capacity=unlimited", type,
                                "channels.instances.orders.kafka.topic=t"}),
                Arguments.of("a drop policy", "channels.instances.orders.overflow",
                        new String[] {"channels.instances.orders.capacity=10", "channels.instances.orders.overflow=drop-oldest",
                                type, "channels.instances.orders.kafka.topic=t"}),
                Arguments.of("no element type", "channels.instances.orders.element-type",
                        new String[] {"channels.instances.orders.capacity=10", "channels.instances.orders.kafka.topic=t"}),
                Arguments.of("a topic Kafka does not take", "channels.instances.orders.kafka.topic",
                        new String[] {"channels.instances.orders.capacity=10", type,
                                "channels.instances.orders.kafka.topic=my orders"}),
                Arguments.of("a blank key", "channels.instances.orders.kafka.key",
                        new String[] {"channels.instances.orders.capacity=10", type, "channels.instances.orders.kafka.key= "}),
                Arguments.of("a blank group", "channels.instances.orders.kafka.group",
                        new String[] {"channels.instances.orders.capacity=10", type, "channels.instances.orders.kafka.group= "}));
    }

    @Test
    void aCustomizerThatAddsOnlyWhatAKafkaChannelTakesIsApplied() {
        runner.withPropertyValues("channels.instances.orders.capacity=10",
                "channels.instances.orders.element-type=" + Order.class.getName(), "channels.instances.orders.kafka=")
                .withBean("dropLogger", ChannelCustomizer.class, () -> (name, builder) -> builder.onDrop(value -> { }))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("orders", KafkaChannel.class).capacity()).isEqualTo(10);
                });
    }

    static Stream<Arguments> badCustomizers() {
        return Stream.of(
                Arguments.of("a capacity", (ChannelCustomizer) (name, builder) -> builder.capacity(5), "buffered(5)"),
                Arguments.of("unlimited", (ChannelCustomizer) (name, builder) -> builder.unlimited(), "unlimited"),
                Arguments.of("a drop policy", (ChannelCustomizer) (name, builder) -> builder.overflow(OverflowPolicy.DROP_OLDEST),
                        "with a drop policy"),
                Arguments.of("a name", (ChannelCustomizer) (name, builder) -> builder.name("other"), "Channel[other"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCustomizers")
    void aCustomizerThatChangesWhatAKafkaChannelNeedsFailsStartUpNamingIt(String kind, ChannelCustomizer customizer,
            String what) {
        runner.withPropertyValues("channels.instances.orders.capacity=10",
                "channels.instances.orders.element-type=" + Order.class.getName(), "channels.instances.orders.kafka=")
                .withBean("badCustomizer", ChannelCustomizer.class, () -> customizer)
                .run(context -> {
                    assertThat(context).as(kind).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).as(kind)
                            .contains("ChannelCustomizer " + customizer.getClass().getName())
                            .contains("Kafka channel 'orders'").contains(what)
                            .contains("channels.instances.orders.capacity, 10");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputFailsStartUpNamingTheProperty(String kind, String property, String[] properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).as(kind).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).as(kind).contains(property);
        });
    }

    private static String rootMessage(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
