package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every kind of malformed {@code channels.*} configuration fails start-up, and what the
 * application prints names the offending property. Each case starts a real application, so the
 * message checked is the one a user sees (through Spring Boot's failure analysis).
 */
@ExtendWith(OutputCaptureExtension.class)
class ChannelsMalformedConfigurationTests {

    static Stream<Arguments> malformed() {
        return Stream.of(
                // kind, the property the message must name, the configuration
                Arguments.of("negative capacity", "channels.instances.orders.capacity",
                        new String[] {"--channels.instances.orders.capacity=-1"}),
                Arguments.of("capacity that is not a number", "channels.instances.orders.capacity",
                        new String[] {"--channels.instances.orders.capacity=lots"}),
                Arguments.of("capacity beyond an int", "channels.instances.orders.capacity",
                        new String[] {"--channels.instances.orders.capacity=99999999999"}),
                Arguments.of("fractional capacity", "channels.instances.orders.capacity",
                        new String[] {"--channels.instances.orders.capacity=1.5"}),
                Arguments.of("empty capacity", "channels.instances.orders.capacity",
                        new String[] {"--channels.instances.orders.capacity="}),
                Arguments.of("bad default capacity, no instances", "channels.defaults.capacity",
                        new String[] {"--channels.defaults.capacity=-5"}),
                Arguments.of("unknown overflow policy", "channels.instances.orders.overflow",
                        new String[] {"--channels.instances.orders.overflow=sideways"}),
                Arguments.of("unknown default overflow policy", "channels.defaults.overflow",
                        new String[] {"--channels.defaults.overflow=sometimes", "--channels.instances.orders.capacity=1"}),
                Arguments.of("drop policy on a rendezvous channel", "channels.instances.audit.overflow",
                        new String[] {"--channels.instances.audit.capacity=0", "--channels.instances.audit.overflow=drop-oldest"}),
                Arguments.of("default drop policy on an unlimited channel", "channels.defaults.overflow",
                        new String[] {"--channels.defaults.overflow=drop-newest", "--channels.instances.events.capacity=unlimited"}),
                Arguments.of("drop policy with a default capacity of 0", "channels.instances.orders.overflow",
                        new String[] {"--channels.instances.orders.overflow=drop-newest"}),
                Arguments.of("unknown element type", "channels.instances.orders.element-type",
                        new String[] {"--channels.instances.orders.element-type=com.example.Nope"}),
                Arguments.of("blank element type", "channels.instances.orders.element-type",
                        new String[] {"--channels.instances.orders.element-type= "}),
                Arguments.of("name that is not a bean name", "channels.instances",
                        new String[] {"--channels.instances[bad name].capacity=1"}),
                Arguments.of("negative shutdown timeout", "channels.shutdown.timeout",
                        new String[] {"--channels.shutdown.timeout=-1s"}),
                Arguments.of("shutdown timeout that is not a duration", "channels.shutdown.timeout",
                        new String[] {"--channels.shutdown.timeout=soon"}),
                Arguments.of("shutdown order naming no channel", "channels.shutdown.order[1]",
                        new String[] {"--channels.instances.orders.capacity=1", "--channels.shutdown.order=orders,nope"}),
                Arguments.of("shutdown order naming a channel twice", "channels.shutdown.order[1]",
                        new String[] {"--channels.instances.orders.capacity=1", "--channels.shutdown.order=orders,orders"}),
                Arguments.of("timer switch that is not a boolean", "channels.metrics.timers.blocked",
                        new String[] {"--channels.metrics.timers.blocked=maybe"}),
                Arguments.of("dead-letter channel that does not exist", "channels.instances.orders.listener.dead-letter",
                        new String[] {"--channels.instances.orders.capacity=1",
                                "--channels.instances.orders.listener.dead-letter=orders-dead"}),
                Arguments.of("no attempt at all", "channels.defaults.listener.retry.max-attempts",
                        new String[] {"--channels.defaults.listener.retry.max-attempts=0"}),
                Arguments.of("negative back-off", "channels.instances.orders.listener.retry.backoff",
                        new String[] {"--channels.instances.orders.capacity=1",
                                "--channels.instances.orders.listener.retry.backoff=-100ms"}),
                Arguments.of("multiplier below 1", "channels.instances.orders.listener.retry.multiplier",
                        new String[] {"--channels.instances.orders.capacity=1",
                                "--channels.instances.orders.listener.retry.multiplier=0.5"}),
                Arguments.of("auto-startup that is not a boolean", "channels.listeners.auto-startup",
                        new String[] {"--channels.listeners.auto-startup=later"}),
                // channels-kafka is not on this module's class path: the section must not make a local channel
                Arguments.of("kafka section without channels-kafka", "channels.instances.orders.kafka",
                        new String[] {"--channels.instances.orders.capacity=10",
                                "--channels.instances.orders.element-type=java.lang.String",
                                "--channels.instances.orders.kafka.topic=orders"}),
                Arguments.of("empty kafka section without channels-kafka", "channels.instances.orders.kafka",
                        new String[] {"--channels.instances.orders.capacity=10", "--channels.instances.orders.kafka="}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void failsStartUpNamingTheProperty(String kind, String property, String[] args, CapturedOutput output) {
        SpringApplication app = new SpringApplication(Application.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().as(kind).isThrownBy(() -> app.run(args).close());
        String printed = output.getAll();
        assertThat(printed).as(kind).contains("APPLICATION FAILED TO START");
        String report = printed.substring(printed.lastIndexOf("APPLICATION FAILED TO START"));
        assertThat(report).as("%s: the failure report names %s", kind, property).contains(property);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class Application {
    }
}
