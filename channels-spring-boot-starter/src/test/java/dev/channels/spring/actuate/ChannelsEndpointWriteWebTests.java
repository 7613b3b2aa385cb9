package dev.channels.spring.actuate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Closing a channel over HTTP once the endpoint's access is raised to unrestricted. */
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
}
