package dev.channels.spring.registry;

import dev.channels.ChannelBuilder;

/**
 * Adjusts every channel that the {@link ChannelRegistry} builds ({@code channels.instances}
 * entries, {@link ChannelRegistry#create}) before it is built, after its own settings: the place
 * to give channels configured in YAML a drop handler or an observer. A channel of a backend (a
 * {@code kafka} section) is customized too: its backend applies the customizers to the builder of
 * its local part (for Kafka, the local window; see the backend for what it refuses). Channels
 * built elsewhere and only registered (an application's own {@code @Bean Channel}) are not
 * customized.
 *
 * <pre>{@code
 * @Bean
 * ChannelCustomizer dropLogger() {
 *     return (name, builder) -> builder.onDrop(value -> log.warn("channel {} dropped {}", name, value));
 * }
 * }</pre>
 *
 * <p>In the starter every bean of this type is applied, in {@code @Order} order. A customizer
 * runs on the thread that creates the channel, before the channel exists; it may change any
 * setting (a capacity it sets wins over the configured one). A customizer bean is created before
 * the first channel: to reach another bean that needs channels, look it up when called (an
 * {@code ObjectProvider}).
 */
@FunctionalInterface
public interface ChannelCustomizer {
    /**
     * Customizes the channel about to be built.
     *
     * @param name the channel's registry name
     * @param builder its builder, with the channel's own settings applied
     */
    void customize(String name, ChannelBuilder<?> builder);
}
