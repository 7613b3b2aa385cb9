package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The metadata IDEs read to complete {@code channels.*}. */
class ChannelsConfigurationMetadataTests {
    private final DocumentContext metadata = read("META-INF/spring-configuration-metadata.json");

    @Test
    void describesEveryChannelsProperty() {
        List<String> names = metadata.read("$.properties[*].name");

        assertThat(names).contains("channels.defaults.capacity", "channels.defaults.overflow", "channels.instances",
                "channels.metrics.timers.blocked", "channels.metrics.timers.buffer-wait", "channels.shutdown.timeout",
                "channels.shutdown.order",
                "management.endpoint.channels.access", "management.health.channels.enabled");
        List<String> described = metadata.read("$.properties[?(@.name =~ /channels\\..*/)].description");
        assertThat(described).doesNotContainNull().allMatch(description -> !description.isBlank());
        assertThat(metadata.<List<Object>>read("$.properties[?(@.name == 'channels.shutdown.timeout')].defaultValue"))
                .containsExactly("30s");
        assertThat(metadata.<List<Object>>read("$.properties[?(@.name == 'channels.instances')].type"))
                .containsExactly("java.util.Map<java.lang.String,dev.channels.spring.autoconfigure.ChannelsProperties$Instance>");
    }

    @Test
    void hintsCapacityValuesAndInstanceNames() {
        assertThat(metadata.<List<String>>read("$.hints[?(@.name == 'channels.defaults.capacity')].values[*].value"))
                .contains("0", "unlimited");
        assertThat(metadata.<List<String>>read("$.hints[*].name")).contains("channels.instances.keys");
    }

    @Test
    void theShutdownOrderIsAListOfChannelBeanNames() {
        assertThat(metadata.<List<Object>>read("$.properties[?(@.name == 'channels.shutdown.order')].type"))
                .containsExactly("java.util.List<java.lang.String>");
        assertThat(metadata.<List<String>>read("$.hints[?(@.name == 'channels.shutdown.order')].providers[*].name"))
                .containsExactly("spring-bean-reference");
        assertThat(metadata.<List<String>>read(
                "$.hints[?(@.name == 'channels.shutdown.order')].providers[*].parameters.target"))
                .containsExactly("dev.channels.Channel");
    }

    @Test
    void theListenerSettingsHaveTheirDefaults() {
        assertThat(metadata.<List<Object>>read("$.properties[?(@.name == 'channels.listeners.auto-startup')].defaultValue"))
                .containsExactly(true);
        assertThat(metadata.<List<Object>>read(
                "$.properties[?(@.name == 'channels.defaults.listener.retry.max-attempts')].defaultValue")).containsExactly(1);
        assertThat(metadata.<List<Object>>read(
                "$.properties[?(@.name == 'channels.defaults.listener.retry.backoff')].defaultValue")).containsExactly("1s");
        assertThat(metadata.<List<Object>>read(
                "$.properties[?(@.name == 'channels.defaults.listener.retry.multiplier')].defaultValue")).singleElement()
                .satisfies(multiplier -> assertThat(((Number) multiplier).doubleValue()).isEqualTo(1.0));
        assertThat(metadata.<List<Object>>read(
                "$.properties[?(@.name == 'channels.defaults.listener.retry.max-backoff')].defaultValue")).containsExactly("30s");
        assertThat(metadata.<List<String>>read("$.properties[?(@.name =~ /channels\\.(listeners|defaults\\.listener)\\..*/)].description"))
                .hasSize(5).allMatch(description -> !description.isBlank());
    }

    @Test
    void theHealthSettingsHaveTheirDefaultsAndTheDownWhenValues() {
        assertThat(metadata.<List<Object>>read("$.properties[?(@.name == 'channels.health.stalled-after')].defaultValue"))
                .containsExactly("30s");
        assertThat(metadata.<List<Object>>read("$.properties[?(@.name == 'channels.health.down-when')].type"))
                .containsExactly("java.util.List<java.lang.String>");
        assertThat(metadata.<List<String>>read("$.properties[?(@.name =~ /channels\\.health\\..*/)].description"))
                .hasSize(2).allMatch(description -> !description.isBlank());
        assertThat(metadata.<List<String>>read("$.hints[?(@.name == 'channels.health.down-when')].values[*].value"))
                .containsExactly("failed", "stalled");
    }

    @Test
    void theInstanceSettingsAreDocumentedForIdesThatFollowTheMapValueType() {
        assertThat(metadata.<List<String>>read("$.groups[*].name")).contains("channels", "channels.defaults",
                "channels.metrics.timers", "channels.shutdown");
        assertThat(ChannelsProperties.Instance.class.getDeclaredFields()).extracting(field -> field.getName())
                .containsExactlyInAnyOrder("capacity", "overflow", "elementType", "listener");
        assertThat(ChannelsProperties.InstanceListener.class.getDeclaredFields()).extracting(field -> field.getName())
                .containsExactlyInAnyOrder("retry", "deadLetter");
        assertThat(ChannelsProperties.RetryOverride.class.getDeclaredFields()).extracting(field -> field.getName())
                .containsExactlyInAnyOrder("maxAttempts", "backoff", "multiplier", "maxBackoff");
    }

    private static DocumentContext read(String resource) {
        try (InputStream json = new ClassPathResource(resource).getInputStream()) {
            return JsonPath.parse(json);
        } catch (IOException missing) {
            throw new AssertionError(resource + " was not generated", missing);
        }
    }
}
