package dev.channels.kafka;

import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsProperties;
import dev.channels.spring.listener.ChannelListenerDefaults;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.registry.ChannelRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka channels: {@code channels.instances} entries with a {@code kafka} section become
 * {@link KafkaChannel}s, talking to the broker {@code spring.kafka.*} configures, writing JSON with
 * the application's {@link JsonMapper}. Active when Spring Kafka is on the class path. With
 * {@code channels.observation.enabled}, their records carry each value's trace across the broker.
 */
@AutoConfiguration(before = ChannelsAutoConfiguration.class, afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties({ KafkaProperties.class, ChannelsProperties.class })
public final class KafkaChannelsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KafkaChannelBackend kafkaChannelBackend(Environment environment, KafkaProperties kafka,
            ObjectProvider<JsonMapper> mapper, ObjectProvider<ChannelListenerDefaults> listenerDefaults,
            ObjectProvider<ChannelListenerRegistry> listeners, ObjectProvider<ChannelRegistry> registry,
            ChannelsProperties channels, ObjectProvider<RecordTracing> tracing) {
        KafkaChannelBackend backend = new KafkaChannelBackend(environment, kafka.buildProducerProperties(),
                kafka.buildConsumerProperties(),
                () -> mapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()),
                listenerDefaults::getIfAvailable, listeners::getIfAvailable, registry::getIfAvailable,
                channels.getShutdown().getTimeout());
        backend.tracing(tracing::getIfAvailable);
        return backend;
    }

    /**
     * With {@code channels.observation.enabled} and Micrometer's Observation API, records carry
     * their values' traces ({@link KafkaChannelObservation}). Apart, so that its types are read only
     * when Micrometer is there.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ ObservationRegistry.class, ContextSnapshotFactory.class })
    @ConditionalOnBooleanProperty("channels.observation.enabled")
    static final class ObservationConfiguration {
        @Bean
        @ConditionalOnMissingBean
        KafkaChannelObservation kafkaChannelObservation(ObjectProvider<ObservationRegistry> registry) {
            return new KafkaChannelObservation(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
        }
    }
}
