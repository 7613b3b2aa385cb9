package dev.channels.spring.autoconfigure;

import dev.channels.Channel;

/**
 * Builds the channels of {@code channels.instances} entries that carry a section of its name
 * ({@link #section()}, such as {@code kafka}): channels whose values live somewhere other than a
 * local buffer. A module that provides such channels registers one bean of this type.
 *
 * <pre>{@code
 * channels:
 *   instances:
 *     orders:
 *       capacity: 100
 *       element-type: com.example.Order
 *       kafka:              # section(): "kafka"
 *         topic: orders
 * }</pre>
 *
 * <p>The starter checks such an entry before any bean exists: a section whose module is not on
 * the class path fails start-up naming the property and the module (a channel must never be local
 * by accident), and so does a capacity of 0 or unlimited, a drop overflow policy or a missing
 * element type, since the capacity is the backend's local window and values cross a process
 * boundary. The channel the backend returns is registered in the
 * {@link dev.channels.spring.registry.ChannelRegistry} under the entry's name. The registry's
 * {@link dev.channels.spring.registry.ChannelCustomizer}s
 * ({@link dev.channels.spring.registry.ChannelRegistry#customizers()}) are the backend's to apply,
 * to the builder of whatever local channel stands for the channel in this process, as the
 * registry applies them to a local channel; a setting the backend cannot honour fails the
 * creation naming the customizer.
 */
public interface ChannelBackend {
    /**
     * The key under {@code channels.instances.<name>} that selects this backend.
     *
     * @return the section's name, such as {@code kafka}
     */
    String section();

    /**
     * Builds the channel of one entry; what it throws fails start-up (an
     * {@link org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException}
     * names the property).
     *
     * @param spec the entry, checked, with the defaults applied
     * @return the new channel, open
     */
    Channel<?> create(Spec spec);

    /**
     * A checked {@code channels.instances} entry with a backend section.
     *
     * @param name the channel's name (and bean name)
     * @param property the entry's property prefix, such as {@code channels.instances.orders}; the
     *     section is at {@code property + "." + section()}
     * @param capacity the local window: 1 or more
     * @param elementType the class of the values
     */
    record Spec(String name, String property, int capacity, Class<?> elementType) {
        /**
         * The property prefix of the backend's section.
         *
         * @param section the section's name
         * @return such as {@code channels.instances.orders.kafka}
         */
        public String sectionProperty(String section) {
            return property + "." + section;
        }
    }
}
