package dev.channels.spring.autoconfigure;

import dev.channels.Channel;
import dev.channels.ChannelBuilder;
import dev.channels.OverflowPolicy;
import dev.channels.spring.registry.ChannelRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
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
 *
 * <p>Each bean definition names a static factory method, {@link #channel}, and the channel's name,
 * so that Spring AOT can write it out as code: an application processed ahead of time registers
 * the same beans without this post-processor, which is left out of the generated code. The factory
 * method reads the entry's capacity and overflow policy when the bean is created, so these may
 * still change at run time; which entries exist, and their element types, are fixed when the
 * application is processed. The element types get runtime hints.
 */
final class ChannelInstanceRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware,
        BeanClassLoaderAware, BeanFactoryInitializationAotProcessor {
    private static final Log logger = LogFactory.getLog(ChannelInstanceRegistrar.class);

    /** A bean name that is also usable in metric tags, URLs and YAML keys. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final String INSTANCES = "channels.instances";
    private static final String DEFAULTS = "channels.defaults";

    private Environment environment;
    private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
    /** The element types of the channels registered, for the runtime hints. */
    private final Set<Class<?>> elementTypes = new LinkedHashSet<>();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        for (Instance instance : instances(environment, classLoader)) {
            if (registry.containsBeanDefinition(instance.name())) {
                logger.warn("Channel '" + instance.name() + "' from " + INSTANCES + "." + instance.name()
                        + " is not registered: the application defines its own bean of that name");
                continue;
            }
            registry.registerBeanDefinition(instance.name(), beanDefinition(instance));
            if (instance.elementType() != null) {
                elementTypes.add(instance.elementType());
            }
        }
    }

    /** Hints for the element types, which are loaded by name; this post-processor itself stays out of the generated code. */
    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        List<Class<?>> types = new ArrayList<>(elementTypes);
        return types.isEmpty() ? null : (generationContext, code) ->
                types.forEach(type -> generationContext.getRuntimeHints().reflection().registerType(type));
    }

    /**
     * Creates the channel of the {@code channels.instances} entry {@code name}, with the capacity
     * and overflow policy configured now, through the registry. The bean definitions this
     * post-processor registers, and the code AOT generates from them, call it.
     *
     * @param name the entry's name
     * @param registry where the channel is registered under its name
     * @param environment the configuration
     * @return the new channel
     */
    static Channel<?> channel(String name, ChannelRegistry registry, Environment environment) {
        ChannelsProperties properties = bind(environment);
        Instance instance = resolve(name, properties.getInstances().get(name), properties.getDefaults(),
                defaultCapacity(properties.getDefaults()), null, environment);
        return registry.create(name, instance::configure);
    }

    /**
     * Creates the channel of the {@code channels.instances} entry {@code name}, which has the
     * backend section {@code section}, with the {@link ChannelBackend} bean of that section, and
     * registers it. The bean definitions of such entries, and the code AOT generates from them, call it.
     *
     * @param name the entry's name
     * @param section the key of its backend section
     * @param registry where the channel is registered under its name
     * @param environment the configuration
     * @param backends the backends there are
     * @param beanFactory whose class loader loads the element type
     * @return the new channel
     */
    static Channel<?> backedChannel(String name, String section, ChannelRegistry registry, Environment environment,
            ObjectProvider<ChannelBackend> backends, ConfigurableBeanFactory beanFactory) {
        ChannelsProperties properties = bind(environment);
        ClassLoader classLoader = beanFactory.getBeanClassLoader() != null ? beanFactory.getBeanClassLoader()
                : ClassUtils.getDefaultClassLoader();
        Instance instance = resolve(name, properties.getInstances().get(name), properties.getDefaults(),
                defaultCapacity(properties.getDefaults()), classLoader, environment);
        String prefix = INSTANCES + "." + name;
        ChannelBackend backend = backends.orderedStream().filter(candidate -> section.equals(candidate.section()))
                .findFirst().orElseThrow(() -> new InvalidConfigurationPropertyValueException(prefix + "." + section, null,
                        "No ChannelBackend bean handles '" + section + "' sections: the auto-configuration of the"
                                + " module that provides them did not run (is it excluded, or its library missing?)"));
        Channel<?> channel = backend.create(new ChannelBackend.Spec(name, prefix, instance.capacity(), instance.elementType()));
        return registry.register(name, channel);
    }

    /** Every entry, checked, with the defaults applied and the element types loaded. */
    private static List<Instance> instances(Environment environment, ClassLoader classLoader) {
        ChannelsProperties properties = bind(environment);
        ChannelsProperties.Defaults defaults = properties.getDefaults();
        int defaultCapacity = defaultCapacity(defaults);
        return properties.getInstances().entrySet().stream()
                .map(entry -> resolve(entry.getKey(), entry.getValue(), defaults, defaultCapacity, classLoader, environment))
                .toList();
    }

    private static ChannelsProperties bind(Environment environment) {
        return Binder.get(environment).bindOrCreate("channels", ChannelsProperties.class);
    }

    /** The default capacity, checked with the default overflow policy. */
    private static int defaultCapacity(ChannelsProperties.Defaults defaults) {
        int capacity = capacity(DEFAULTS + ".capacity", defaults.getCapacity());
        if (defaults.getOverflow() == null) {
            throw new InvalidConfigurationPropertyValueException(DEFAULTS + ".overflow", null, "An overflow policy is required");
        }
        return capacity;
    }

    private static RootBeanDefinition beanDefinition(Instance instance) {
        RootBeanDefinition definition = new RootBeanDefinition(ChannelInstanceRegistrar.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, instance.name());
        if (instance.backend() == null) {
            definition.setFactoryMethodName("channel");
        } else {
            definition.setFactoryMethodName("backedChannel");
            definition.getConstructorArgumentValues().addIndexedArgumentValue(1, instance.backend().key());
        }
        definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        definition.setTargetType(instance.elementType() != null
                ? ResolvableType.forClassWithGenerics(Channel.class, instance.elementType())
                : ResolvableType.forClass(Channel.class));
        definition.setDescription("Channel from " + INSTANCES + "." + instance.name());
        return definition;
    }

    /** One entry, checked; its element type is loaded with {@code classLoader}, or left null without one. */
    private static Instance resolve(String name, ChannelsProperties.Instance settings, ChannelsProperties.Defaults defaults,
            int defaultCapacity, ClassLoader classLoader, Environment environment) {
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
        BackendSection backend = BackendSection.of(environment, prefix).orElse(null);
        if (backend != null) {
            checkBacked(name, prefix, backend, given, capacity, capacitySource, overflow, overflowSource,
                    classLoader != null ? classLoader : ChannelInstanceRegistrar.class.getClassLoader());
        }
        return new Instance(name, capacity, overflow,
                classLoader == null ? null : elementType(prefix + ".element-type", given.getElementType(), classLoader),
                backend);
    }

    /**
     * What an entry with a backend section needs: the backend's modules, a bounded capacity of 1 or
     * more (the local window), the block policy (nothing may be dropped on the way out) and an
     * element type (values cross a process boundary).
     */
    private static void checkBacked(String name, String prefix, BackendSection backend, ChannelsProperties.Instance given,
            int capacity, String capacitySource, OverflowPolicy overflow, String overflowSource, ClassLoader classLoader) {
        String section = prefix + "." + backend.key();
        backend.requireModules(section, classLoader);
        String why = "Channel '" + name + "' lives in " + backend.key() + " (" + section + ")";
        if (capacity == 0 || capacity == Channel.UNLIMITED) {
            throw new InvalidConfigurationPropertyValueException(capacitySource, capacity == 0 ? "0" : "unlimited", why
                    + ": its capacity is the local window (values in flight and values fetched ahead) and must be a"
                    + " bounded number of 1 or more, not " + (capacity == 0 ? "0 (rendezvous)" : "unlimited"));
        }
        if (overflow != OverflowPolicy.BLOCK) {
            throw new InvalidConfigurationPropertyValueException(overflowSource, kebab(overflow), why
                    + ": a full window pushes back on its senders, it never drops; use block");
        }
        if (given.getElementType() == null) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".element-type", null, why
                    + ": its values travel as JSON, so it needs an element type (a fully qualified class name)");
        }
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

    private static Class<?> elementType(String property, String className, ClassLoader classLoader) {
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
    private record Instance(String name, int capacity, OverflowPolicy overflow, Class<?> elementType, BackendSection backend) {
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
