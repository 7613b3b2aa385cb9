package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.ListenerState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing a channel, and pausing a listener, over HTTP is refused unless the endpoint's access is
 * raised to unrestricted, whichever way access is configured; a refused close leaves the channel
 * open and a refused pause the listener running. Each case runs a real application on a random port.
 */
class ChannelsEndpointAccessWebTests {

    static Stream<Arguments> access() {
        return Stream.of(
                // what is configured, the status of a POST, the status of a GET
                Arguments.of("nothing (the endpoint's default, read-only)", List.of(), 405, 200),
                Arguments.of("endpoint read-only", List.of("management.endpoint.channels.access=read-only"), 405, 200),
                Arguments.of("all endpoints read-only by default", List.of("management.endpoints.access.default=read-only"),
                        405, 200),
                Arguments.of("endpoint unrestricted, capped at read-only",
                        List.of("management.endpoint.channels.access=unrestricted",
                                "management.endpoints.access.max-permitted=read-only"), 405, 200),
                Arguments.of("endpoint none", List.of("management.endpoint.channels.access=none"), 404, 404),
                Arguments.of("endpoint unrestricted", List.of("management.endpoint.channels.access=unrestricted"), 200, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void closeIsRefusedUnlessAccessIsGranted(String what, List<String> access, int postStatus, int getStatus) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.endpoints.web.exposure.include=channels",
                "--channels.instances.orders.capacity=10"));
        access.forEach(property -> args.add("--" + property));
        SpringApplication app = new SpringApplication(ChannelsEndpointWebTests.Application.class);
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            Channel<?> orders = context.getBean("orders", Channel.class);
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://localhost:" + port + "/actuator/channels/orders");

            ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).require("orderAudit");
            HttpResponse<String> pause = http.send(HttpRequest.newBuilder(URI.create(uri + "/orderAudit"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"pause\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pause.statusCode()).as("%s: POST (pause)", what).isEqualTo(postStatus);
            assertThat(listener.state()).as("%s: paused", what)
                    .isEqualTo(postStatus == 200 ? ListenerState.PAUSED : ListenerState.RUNNING);

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(post.statusCode()).as("%s: POST (close)", what).isEqualTo(postStatus);
            assertThat(get.statusCode()).as("%s: GET", what).isEqualTo(getStatus);
            assertThat(orders.isClosed()).as("%s: closed", what).isEqualTo(postStatus == 200);
            if (postStatus == 200) {
                assertThat(post.body()).contains("\"closed\":true");
            }
        }
    }
}
