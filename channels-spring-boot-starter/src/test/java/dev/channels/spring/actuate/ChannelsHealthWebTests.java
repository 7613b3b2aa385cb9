package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@code /actuator/health} over HTTP with a failed and a closed channel: 200 and {@code UP} by
 * default, and the failure's message only where Boot's {@code show-details} shows details.
 */
class ChannelsHealthWebTests {
    private static final String FAILURE = "report store unavailable";

    /** Fails {@code reports} and closes {@code orders} before each test; a fresh context for each class. */
    abstract static class WithAFailedAndAClosedChannel {
        @Autowired
        RestTestClient client;

        @Autowired
        ConfigurableApplicationContext context;

        @BeforeEach
        void failAndClose() {
            context.getBean("reports", Channel.class).fail(new IllegalStateException(FAILURE));
            context.getBean("orders", Channel.class).close();
        }
    }

    @Nested
    @SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoint.health.show-details=always",
                    "channels.instances.orders.capacity=10", "channels.instances.reports.capacity=10" })
    @AutoConfigureRestTestClient
    @DirtiesContext
    class DetailsShown extends WithAFailedAndAClosedChannel {
        @Test
        void theApplicationIsUpAndTheDetailsTellWhichChannelFailedAndWhy() {
            client.get().uri("/actuator/health").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.channels.status").isEqualTo("UP")
                    .jsonPath("$.components.channels.components.reports.status").isEqualTo("UP")
                    .jsonPath("$.components.channels.components.reports.details.state").isEqualTo("failed")
                    .jsonPath("$.components.channels.components.reports.details.failure")
                    .isEqualTo("java.lang.IllegalStateException: " + FAILURE)
                    .jsonPath("$.components.channels.components.orders.details.state").isEqualTo("closed")
                    .jsonPath("$.components.channels.components.orders.details.stalled").isEqualTo(false)
                    .jsonPath("$.components.channels.components.orders.details.fill").isEqualTo(0.0);
        }
    }

    @Nested
    @SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "management.endpoint.health.show-details=never",
                    "management.endpoint.health.show-components=always",
                    "channels.instances.orders.capacity=10", "channels.instances.reports.capacity=10" })
    @AutoConfigureRestTestClient
    @DirtiesContext
    class DetailsHidden extends WithAFailedAndAClosedChannel {
        @Test
        void componentsShowTheirStatusButNoDetailsAndNoFailureMessage() {
            client.get().uri("/actuator/health").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.channels.components.reports.status").isEqualTo("UP")
                    .jsonPath("$.components.channels.components.reports.details").doesNotExist()
                    .consumeWith(result -> assertThat(new String(result.getResponseBodyContent()))
                            .doesNotContain(FAILURE).doesNotContain("failed"));
        }
    }

    @Nested
    @SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "channels.instances.orders.capacity=10", "channels.instances.reports.capacity=10" })
    @AutoConfigureRestTestClient
    @DirtiesContext
    class BootsDefaults extends WithAFailedAndAClosedChannel {
        @Test
        void showOnlyTheStatus() {
            client.get().uri("/actuator/health").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components").doesNotExist()
                    .jsonPath("$.details").doesNotExist();
        }
    }

    @Nested
    @SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = { "channels.health.down-when=failed", "channels.instances.orders.capacity=10",
                    "channels.instances.reports.capacity=10" })
    @AutoConfigureRestTestClient
    @DirtiesContext
    class DownWhenFailed extends WithAFailedAndAClosedChannel {
        @Test
        void aFailedChannelTakesTheApplicationDownWithoutShowingWhy() {
            client.get().uri("/actuator/health").exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("DOWN")
                    .jsonPath("$.components").doesNotExist()
                    .consumeWith(result -> assertThat(new String(result.getResponseBodyContent())).doesNotContain(FAILURE));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
