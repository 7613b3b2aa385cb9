package dev.channels.spring.actuate;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Closing a channel, and pausing and resuming a listener, over HTTP once the endpoint's access is raised to unrestricted. */
@SpringBootTest(classes = ChannelsEndpointWebTests.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=channels,health",
                "management.endpoint.channels.access=unrestricted", "management.endpoint.health.show-details=always",
                "channels.instances.orders.capacity=10", "channels.instances.audit.capacity=0" })
@AutoConfigureRestTestClient
class ChannelsEndpointWriteWebTests {
    @Autowired
    RestTestClient client;

    @Test
    void closesAChannelByNameAndReturnsItsNewState() {
        client.post().uri("/actuator/channels/audit").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("audit")
                .jsonPath("$.closed").isEqualTo(true);

        client.get().uri("/actuator/channels/audit").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.closed").isEqualTo(true);
        // Closing is a normal event in a channel's life: its health stays UP and says it is closed.
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.channels.components.audit.status").isEqualTo("UP")
                .jsonPath("$.components.channels.components.audit.details.state").isEqualTo("closed")
                .jsonPath("$.components.channels.components.orders.status").isEqualTo("UP");
    }

    @Test
    void closingAnUnknownChannelIsNotFound() {
        client.post().uri("/actuator/channels/nope").exchange().expectStatus().isNotFound();
    }

    @Test
    void pausesAndResumesAListenerByIdAndAnUnknownIdIsNotFound() {
        client.post().uri("/actuator/channels/orders/orderAudit").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("action", "pause")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo("orderAudit")
                .jsonPath("$.state").isEqualTo("paused");
        client.get().uri("/actuator/channels/orders").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.listeners[0].state").isEqualTo("paused");
        client.get().uri("/actuator/channels/orders/orderAudit").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("paused");

        client.post().uri("/actuator/channels/orders/orderAudit").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("action", "resume")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("running");

        client.post().uri("/actuator/channels/orders/nope").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("action", "pause")).exchange().expectStatus().isNotFound();
        client.post().uri("/actuator/channels/audit/orderAudit").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("action", "pause")).exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/channels/orders/nope").exchange().expectStatus().isNotFound();
        client.post().uri("/actuator/channels/orders/orderAudit").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("action", "explode")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("'explode' is not something a listener does; use pause or resume");
        client.post().uri("/actuator/channels/orders/orderAudit").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of()).exchange().expectStatus().isBadRequest(); // no action
    }
}
