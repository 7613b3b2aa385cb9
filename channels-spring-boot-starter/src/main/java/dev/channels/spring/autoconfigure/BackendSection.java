package dev.channels.spring.autoconfigure;

import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * A section of a {@code channels.instances} entry that a {@link ChannelBackend} of another module
 * handles, and the modules it needs. The starter knows these sections by name, so that an entry
 * with one fails start-up when its module is missing instead of becoming a local channel.
 *
 * @param key the section's key under {@code channels.instances.<name>}
 * @param modules what must be on the class path, each with a class that shows it is
 */
record BackendSection(String key, List<Module> modules) {
    /** The sections of the modules of this project. */
    static final List<BackendSection> KNOWN = List.of(new BackendSection("kafka", List.of(
            new Module("channels-kafka (dev.channels:channels-kafka)", "dev.channels.kafka.KafkaChannel"),
            new Module("Spring Kafka (org.springframework.kafka:spring-kafka)",
                    "org.springframework.kafka.core.KafkaTemplate"))));

    /**
     * A module a section needs.
     *
     * @param description its name and coordinates, for messages
     * @param marker a class it holds
     */
    record Module(String description, String marker) {
        boolean present(ClassLoader classLoader) {
            return ClassUtils.isPresent(marker, classLoader);
        }
    }

    /**
     * The backend section of the entry at {@code prefix}, if it has one.
     *
     * @throws InvalidConfigurationPropertyValueException if it has more than one
     */
    static Optional<BackendSection> of(Environment environment, String prefix) {
        BackendSection found = null;
        for (BackendSection section : KNOWN) {
            if (present(environment, prefix + "." + section.key())) {
                if (found != null) {
                    throw new InvalidConfigurationPropertyValueException(prefix + "." + section.key(), null,
                            "A channel has one backend: " + prefix + " has both a '" + found.key() + "' and a '"
                                    + section.key() + "' section");
                }
                found = section;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether the property {@code name}, or any below it, is set (an empty section in YAML is an empty value). */
    private static boolean present(Environment environment, String name) {
        ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getConfigurationProperty(property) != null
                    || source.containsDescendantOf(property) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails unless every module the section needs is on the class path.
     *
     * @param property the section's property, named in the failure
     */
    void requireModules(String property, ClassLoader classLoader) {
        List<String> missing = modules.stream().filter(module -> !module.present(classLoader))
                .map(Module::description).toList();
        if (!missing.isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(property, null, "A '" + key + "' section makes the"
                    + " channel live outside this process, which needs " + String.join(" and ", modules.stream()
                            .map(Module::description).toList()) + " on the class path; missing: "
                    + String.join(", ", missing) + ". Add the dependency, or remove the section to make the channel"
                    + " local");
        }
    }
}
