package dev.channels.spring.autoconfigure;

import dev.channels.Channel;
import dev.channels.ChannelBuilder;
import dev.channels.OverflowPolicy;
import dev.channels.spring.registry.ChannelRegistry;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers one {@link Channel} bean per {@code channels.instances.<name>} entry, named
 * {@code <name>}, typed {@code Channel<element-type>} when an element type is declared, and
 * created through the {@link ChannelRegistry}.
 *
 * <p>Every entry is checked before any bean is registered; a bad value fails start-up with an
 * {@link InvalidConfigurationPropertyValueException} naming the property and the value. An entry
 * whose name the application already uses for a bean of its own is left out, with a warning:
 * the application's bean wins.
 */
final class ChannelInstanceRegistrar
        implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware, BeanClassLoaderAware {
    private static final Log logger = LogFactory.getLog(ChannelInstanceRegistrar.class);

    /** A bean name that is also usable in metric tags, URLs and YAML keys. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final String INSTANCES = "channels.instances";
    private static final String DEFAULTS = "channels.defaults";

    private Environment environment;
    private BeanFactory beanFactory;
    private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        ChannelsProperties properties = Binder.get(environment).bindOrCreate("channels", ChannelsProperties.class);
        ChannelsProperties.Defaults defaults = properties.getDefaults();
        int defaultCapacity = capacity(DEFAULTS + ".capacity", defaults.getCapacity());
        if (defaults.getOverflow() == null) {
            throw new InvalidConfigurationPropertyValueException(DEFAULTS + ".overflow", null, "An overflow policy is required");
        }
        List<Instance> instances = properties.getInstances().entrySet().stream()
                .map(entry -> resolve(entry.getKey(), entry.getValue(), defaults, defaultCapacity))
                .toList();
        for (Instance instance : instances) {
            if (registry.containsBeanDefinition(instance.name())) {
                logger.warn("Channel '" + instance.name() + "' from " + INSTANCES + "." + instance.name()
                        + " is not registered: the application defines its own bean of that name");
                continue;
            }
            registry.registerBeanDefinition(instance.name(), beanDefinition(instance));
        }
    }

    private RootBeanDefinition beanDefinition(Instance instance) {
        RootBeanDefinition definition = new RootBeanDefinition(Channel.class);
        if (instance.elementType() != null) {
            definition.setTargetType(ResolvableType.forClassWithGenerics(Channel.class, instance.elementType()));
        }
        definition.setInstanceSupplier(() -> beanFactory.getBean(ChannelRegistry.class)
                .create(instance.name(), instance::configure));
        definition.setDescription("Channel from " + INSTANCES + "." + instance.name());
        return definition;
    }

    private Instance resolve(String name, ChannelsProperties.Instance settings, ChannelsProperties.Defaults defaults,
            int defaultCapacity) {
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidConfigurationPropertyValueException(INSTANCES, name, "'" + name + "' is not a valid channel name:"
                    + " a channel name is a bean name that starts with a letter, followed by letters, digits, '-', '_' or '.'");
        }
        String prefix = INSTANCES + "." + name;
        ChannelsProperties.Instance given = settings != null ? settings : new ChannelsProperties.Instance();
        String capacitySource = given.getCapacity() != null ? prefix + ".capacity" : DEFAULTS + ".capacity";
        int capacity = given.getCapacity() != null ? capacity(capacitySource, given.getCapacity()) : defaultCapacity;
        OverflowPolicy overflow = given.getOverflow() != null ? given.getOverflow() : defaults.getOverflow();
        String overflowSource = given.getOverflow() != null ? prefix + ".overflow" : DEFAULTS + ".overflow";
        if (overflow != OverflowPolicy.BLOCK && (capacity == 0 || capacity == Channel.UNLIMITED)) {
            throw new InvalidConfigurationPropertyValueException(overflowSource, kebab(overflow), "Channel '" + name
                    + "' has capacity " + (capacity == 0 ? "0 (rendezvous)" : "unlimited") + " (" + capacitySource
                    + "); overflow policy " + kebab(overflow) + " needs a bounded capacity of 1 or more. Use block,"
                    + " or give the channel a capacity");
        }
        return new Instance(name, capacity, overflow, elementType(prefix + ".element-type", given.getElementType()));
    }

    private static int capacity(String property, String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.equalsIgnoreCase("unlimited")) {
            return Channel.UNLIMITED;
        }
        int capacity;
        try {
            capacity = Integer.parseInt(trimmed);
        } catch (NumberFormatException notANumber) {
            throw new InvalidConfigurationPropertyValueException(property, value,
                    "A capacity is a whole number from 0 (rendezvous) to " + Integer.MAX_VALUE + ", or 'unlimited'");
        }
        if (capacity < 0) {
            throw new InvalidConfigurationPropertyValueException(property, value,
                    "A capacity must not be negative: use 0 for a rendezvous channel, a positive number for a buffer,"
                            + " or 'unlimited'");
        }
        return capacity;
    }

    private Class<?> elementType(String property, String className) {
        if (className == null) {
            return null;
        }
        if (className.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, className, "An element type is a fully qualified class name");
        }
        try {
            return ClassUtils.resolvePrimitiveIfNecessary(ClassUtils.forName(className.trim(), classLoader));
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            throw new InvalidConfigurationPropertyValueException(property, className,
                    "Class '" + className.trim() + "' cannot be loaded (" + notLoadable + "); the element type must be a"
                            + " fully qualified class name on the application's class path");
        }
    }

    private static String kebab(OverflowPolicy policy) {
        return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A checked {@code channels.instances} entry with its defaults applied. */
    private record Instance(String name, int capacity, OverflowPolicy overflow, Class<?> elementType) {
        void configure(ChannelBuilder<?> builder) {
            if (capacity == Channel.UNLIMITED) {
                builder.unlimited();
            } else {
                builder.capacity(capacity);
            }
            builder.overflow(overflow);
        }
    }
}
