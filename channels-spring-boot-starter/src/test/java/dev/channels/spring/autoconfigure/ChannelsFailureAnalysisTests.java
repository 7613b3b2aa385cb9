package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.channels.spring.listener.ChannelListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/** What an application prints when it fails to start because of bad channel configuration. */
@ExtendWith(OutputCaptureExtension.class)
class ChannelsFailureAnalysisTests {

    @Test
    void aNegativeCapacityNamesThePropertyAndTheValue(CapturedOutput output) {
        start(Application.class, "--channels.instances.orders.capacity=-1");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value '-1' for configuration property 'channels.instances.orders.capacity'")
                .contains("A capacity must not be negative");
    }

    @Test
    void anUnknownOverflowPolicyNamesThePropertyTheValueAndTheValidValues(CapturedOutput output) {
        start(Application.class, "--channels.instances.orders.overflow=sideways");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Property: channels.instances.orders.overflow")
                .contains("Value: \"sideways\"")
                .contains("DROP_OLDEST");
    }

    @Test
    void anUnknownElementTypeNamesThePropertyAndTheValue(CapturedOutput output) {
        start(Application.class, "--channels.instances.orders.element-type=com.example.Nope");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'com.example.Nope' for configuration property 'channels.instances.orders.element-type'")
                .contains("cannot be loaded");
    }

    @Test
    void anInvalidNameNamesTheMapAndTheName(CapturedOutput output) {
        start(Application.class, "--channels.instances[bad name].capacity=1");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'bad name' for configuration property 'channels.instances'")
                .contains("is not a valid channel name");
    }

    @Test
    void aListenerOnAnUnknownChannelNamesTheMethodAndTheChannel(CapturedOutput output) {
        start(ListenerApplication.class, "--channels.instances.orders.capacity=1");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("ChannelsFailureAnalysisTests$Handler.handle (bean 'handler') cannot be wired: it listens to channel 'order'")
                .contains("Declare the channel under channels.instances.order");
    }

    @Test
    void anUnknownChannelInTheShutdownOrderNamesTheEntryAndTheValue(CapturedOutput output) {
        start(Application.class, "--channels.instances.orders.capacity=1", "--channels.shutdown.order=orders,paymnts");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'paymnts' for configuration property 'channels.shutdown.order[1]'")
                .contains("There is no channel named 'paymnts'; the channels are [orders]");
    }

    @Test
    void anUnknownStateInDownWhenNamesTheEntryTheValueAndTheValidValues(CapturedOutput output) {
        start(HealthApplication.class, "--channels.health.down-when=failed,closed");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'closed' for configuration property 'channels.health.down-when[1]'")
                .contains("'closed' is a normal state of a channel and cannot make its health DOWN; use [failed, stalled]");
    }

    @Test
    void aNegativeStallTimeNamesThePropertyAndTheValue(CapturedOutput output) {
        start(HealthApplication.class, "--channels.health.stalled-after=-5s");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value '-5s' for configuration property 'channels.health.stalled-after'")
                .contains("The stall time must be more than zero");
    }

    @Test
    void aBatchListenerWhoseParameterIsNotAListNamesTheMethod(CapturedOutput output) {
        start(BatchApplication.class, "--channels.instances.orders.capacity=1");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("ChannelsFailureAnalysisTests$BatchHandler.charge (bean 'batchHandler') cannot be wired: it takes"
                        + " java.lang.Object, but a batch listener (batchSize = 5) takes a java.util.List")
                .contains("Make the parameter a List");
    }

    @Test
    void twoListenersWithOneIdNameTheIdAndBothMethods(CapturedOutput output) {
        start(TwinApplication.class, "--channels.instances.orders.capacity=1");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("its id 'twin' is the id of @ChannelListener method")
                .contains("Give each listener an id of its own");
    }

    @Test
    void anUnknownErrorHandlerNamesTheMethodAndTheBean(CapturedOutput output) {
        start(UnknownHandlerApplication.class, "--channels.instances.orders.capacity=1");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("ChannelsFailureAnalysisTests$UnknownHandler.handle (bean 'unknownHandler') cannot be wired: its"
                        + " errorHandler 'alerts' is no bean; the ChannelListenerErrorHandler beans are []");
    }

    @Test
    void aMissingDeadLetterChannelNamesThePropertyAndTheValue(CapturedOutput output) {
        start(Application.class, "--channels.instances.orders.capacity=1",
                "--channels.instances.orders.listener.dead-letter=orders-dead");

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'orders-dead' for configuration property 'channels.instances.orders.listener.dead-letter'")
                .contains("There is no channel named 'orders-dead'; the channels are [orders]");
    }

    private static void start(Class<?> application, String... args) {
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> app.run(args).close());
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class Application {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ChannelsAutoConfiguration.class, ChannelsHealthAutoConfiguration.class })
    static class HealthApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class ListenerApplication {
        @Bean
        Handler handler() {
            return new Handler();
        }
    }

    static class Handler {
        @ChannelListener(channel = "order")
        void handle(Object value) {
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class BatchApplication {
        @Bean
        BatchHandler batchHandler() {
            return new BatchHandler();
        }
    }

    static class BatchHandler {
        @ChannelListener(channel = "orders", batchSize = 5)
        void charge(Object value) {
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class TwinApplication {
        @Bean
        TwinHandler twinHandler() {
            return new TwinHandler();
        }
    }

    static class TwinHandler {
        @ChannelListener(channel = "orders", id = "twin")
        void first(Object value) {
        }

        @ChannelListener(channel = "orders", id = "twin")
        void second(Object value) {
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ChannelsAutoConfiguration.class)
    static class UnknownHandlerApplication {
        @Bean
        UnknownHandler unknownHandler() {
            return new UnknownHandler();
        }
    }

    static class UnknownHandler {
        @ChannelListener(channel = "orders", errorHandler = "alerts")
        void handle(Object value) {
        }
    }
}
