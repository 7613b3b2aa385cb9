package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.Order;
import dev.channels.spring.listener.ChannelListener;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The endpoint, health and Prometheus export over HTTP, in a real application on a random port. */
@SpringBootTest(classes = ChannelsEndpointWebTests.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=channels,health,prometheus",
                "management.endpoint.health.show-details=always",
                "channels.instances.orders.capacity=100", "channels.instances.orders.element-type=dev.channels.spring.Order",
                "channels.instances.audit.capacity=0", "channels.instances.events.capacity=unlimited" })
@AutoConfigureRestTestClient
class ChannelsEndpointWebTests {
    @Autowired
    RestTestClient client;

    @Autowired
    @Qualifier("events")
    Channel<String> events;

    @Test
    void listsEveryChannelSortedByName() {
        client.get().uri("/actuator/channels").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.channels.length()").isEqualTo(3)
                .jsonPath("$.channels[*].name").isEqualTo(java.util.List.of("audit", "events", "orders"))
                .jsonPath("$.channels[2].capacity").isEqualTo(100)
                .jsonPath("$.channels[1].unlimited").isEqualTo(true);
    }

    @Test
    void showsOneChannelByName() throws InterruptedException {
        events.send("a");
        events.send("b");

        client.get().uri("/actuator/channels/events").exchange()
                .expectStatus().isOk()
                .expectBody().json("""
                        {"name": "events", "unlimited": true, "size": 2, "waitingSenders": 0,
                         "waitingReceivers": 0, "sent": 2, "received": 0, "dropped": 0, "closed": false, "listeners": []}
                        """, JsonCompareMode.STRICT);
        events.receive();
        events.receive();
    }

    @Test
    void aBoundedChannelShowsItsCapacity() {
        client.get().uri("/actuator/channels/audit").exchange()
                .expectStatus().isOk()
                .expectBody().json("""
                        {"name": "audit", "capacity": 0, "unlimited": false, "size": 0, "waitingSenders": 0,
                         "waitingReceivers": 0, "sent": 0, "received": 0, "dropped": 0, "closed": false, "listeners": []}
                        """, JsonCompareMode.STRICT);
    }

    @Test
    void eachChannelShowsItsListeners() {
        client.get().uri("/actuator/channels/orders").exchange()
                .expectStatus().isOk()
                .expectBody().json("""
                        {"name": "orders", "listeners": [{"id": "orderAudit", "concurrency": 2, "state": "running",
                         "handled": 0, "failed": 0, "retried": 0, "deadLettered": 0, "active": 0}]}
                        """, JsonCompareMode.LENIENT);
    }

    @Test
    void pausingIsOffUnlessAccessIsGranted() {
        client.post().uri("/actuator/channels/orders/orderAudit").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(java.util.Map.of("action", "pause")).exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void anUnknownChannelIsNotFound() {
        client.get().uri("/actuator/channels/nope").exchange().expectStatus().isNotFound();
    }

    @Test
    void closingIsOffUnlessAccessIsGranted() {
        client.post().uri("/actuator/channels/orders").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void healthHasOneComponentPerChannelWithSizeAndCapacity() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.channels.status").isEqualTo("UP")
                .jsonPath("$.components.channels.components.orders.status").isEqualTo("UP")
                .jsonPath("$.components.channels.components.orders.details.capacity").isEqualTo(100)
                .jsonPath("$.components.channels.components.orders.details.size").isEqualTo(0)
                .jsonPath("$.components.channels.components.events.details.capacity").isEqualTo("unlimited");
    }

    @Test
    void prometheusScrapeHasTheChannelSeries() {
        String scrape = client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(scrape).contains("channel_size_messages{name=\"orders\"} 0.0")
                .contains("channel_capacity_messages{name=\"orders\"} 100.0")
                .contains("channel_messages_total{name=\"audit\",operation=\"send\"} 0.0");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
        @org.springframework.context.annotation.Bean
        OrderAudit orderAudit() {
            return new OrderAudit();
        }
    }

    /** A listener of 'orders', shown by the endpoint. */
    static class OrderAudit {
        @ChannelListener(channel = "orders", id = "orderAudit", concurrency = 2)
        void audit(Order order) {
        }
    }
}
