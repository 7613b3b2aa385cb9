package dev.channels.spring.listener;

import dev.channels.Channel;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.NoSuchChannelException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link ChannelListener} methods on beans and turns each into a
 * {@link ValueListenerContainer} (or, with a batch size, a {@link BatchListenerContainer}) in the
 * {@link ChannelListenerRegistry}; a bean that is itself a
 * {@link ChannelListenerContainer} (such as a {@link ChannelListenerContainer#loop loop}) joins the
 * registry as it is.
 *
 * <p>Methods are collected as beans are initialized and wired once all singletons exist, so that
 * the channels they name can be beans defined anywhere. Wiring checks the method and the channel
 * and fails start-up with a message naming both when they do not fit; a container bean must
 * consume the channel registered under its channel's name.
 */
public class ChannelListenerBeanPostProcessor implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {
    private ConfigurableListableBeanFactory beanFactory;
    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    private final List<Listener> pending = new ArrayList<>();
    private final Map<String, ChannelListenerContainer> pendingContainers = new LinkedHashMap<>(); // guarded by pending
    private boolean singletonsInstantiated; // guarded by pending

    private record Listener(Object bean, String beanName, Method method, ChannelListener annotation) {
        String defaultId() {
            return beanName + "." + method.getName();
        }

        String describe() {
            return "@ChannelListener method " + method.getDeclaringClass().getName() + "." + method.getName()
                    + " (bean '" + beanName + "')";
        }
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
            throw new IllegalArgumentException("@ChannelListener needs a ConfigurableListableBeanFactory, got " + beanFactory);
        }
        this.beanFactory = listable;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof ChannelListenerContainer container) {
            boolean registerNow;
            synchronized (pending) {
                registerNow = singletonsInstantiated;
                if (!registerNow) {
                    pendingContainers.put(beanName, container);
                }
            }
            if (registerNow) {
                register(beanName, container);
            }
            return bean;
        }
        Class<?> type = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(type) || !AnnotationUtils.isCandidateClass(type, ChannelListener.class)) {
            return bean;
        }
        Map<Method, ChannelListener> methods = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<ChannelListener>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, ChannelListener.class));
        if (methods.isEmpty()) {
            classesWithoutListeners.add(type);
            return bean;
        }
        List<Listener> found = new ArrayList<>();
        methods.forEach((method, annotation) -> found.add(new Listener(bean, beanName, method, annotation)));
        boolean wireNow;
        synchronized (pending) {
            wireNow = singletonsInstantiated;
            if (!wireNow) {
                pending.addAll(found);
            }
        }
        if (wireNow) {
            found.forEach(this::wire);
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Listener> toWire;
        Map<String, ChannelListenerContainer> toRegister;
        synchronized (pending) {
            singletonsInstantiated = true;
            toWire = List.copyOf(pending);
            pending.clear();
            toRegister = new LinkedHashMap<>(pendingContainers);
            pendingContainers.clear();
        }
        toWire.forEach(this::wire);
        toRegister.forEach(this::register);
    }

    /** Registers a container bean; the registry checks it against the channel registry, naming the bean. */
    private void register(String beanName, ChannelListenerContainer container) {
        beanFactory.getBean(ChannelListenerRegistry.class).register(container, container + " (bean '" + beanName + "')");
    }

    private void wire(Listener listener) {
        Method method = listener.method();
        ChannelListener annotation = listener.annotation();
        int concurrency = concurrency(listener);
        if (method.getParameterCount() != 1) {
            throw new InvalidChannelListenerException(listener.describe(), "it takes " + method.getParameterCount()
                    + " parameters", "Give the method exactly one parameter, for the value received from the channel"
                            + " (or, for a batch listener, the List of values).");
        }
        String channelName = beanFactory.resolveEmbeddedValue(annotation.channel());
        if (channelName == null || channelName.isBlank()) {
            throw new InvalidChannelListenerException(listener.describe(), "it names no channel",
                    "Set channel to the name of a channel bean, such as an entry of channels.instances.");
        }
        String id = id(listener);
        Channel<?> channel = findChannel(channelName, listener);
        int batchSize = batchSize(listener);
        Duration batchTimeout = batchTimeout(listener, batchSize);
        checkElementType(channelName, method, listener, batchSize > 0);
        Boolean autoStartup = autoStartup(listener);
        ChannelListenerErrorHandler errorHandler = errorHandler(listener);
        Method invocable = AopUtils.selectInvocableMethod(method, listener.bean().getClass());
        ReflectionUtils.makeAccessible(invocable);
        Object bean = listener.bean();
        ChannelListenerContainer container;
        if (batchSize > 0) {
            BatchListenerContainer<Object> batches = new BatchListenerContainer<>(id, channelName, channel, concurrency,
                    batchSize, batchTimeout, batch -> invoke(invocable, bean, batch));
            if (errorHandler != null) {
                batches.errorHandler(errorHandler);
            }
            container = batches;
        } else {
            ValueListenerContainer<Object> values = new ValueListenerContainer<>(id, channelName, channel, concurrency,
                    value -> invoke(invocable, bean, value));
            if (errorHandler != null) {
                values.errorHandler(errorHandler);
            }
            container = values;
        }
        if (autoStartup != null) {
            container.autoStartup(autoStartup);
        }
        beanFactory.getBean(ChannelListenerRegistry.class).register(container, listener.describe());
    }

    /** The annotation's id, resolved, or {@code beanName.methodName}. */
    private String id(Listener listener) {
        String given = listener.annotation().id();
        if (given.isEmpty()) {
            return listener.defaultId();
        }
        String id = resolve(listener, "id", given);
        if (id.isBlank()) {
            throw new InvalidChannelListenerException(listener.describe(), "its id '" + given + "' is blank",
                    "Give the listener an id with a letter or digit in it, or leave id out for " + listener.defaultId() + ".");
        }
        return id.strip();
    }

    /** The annotation's batch size: 0 for a per-value listener, else 1 or more. */
    private static int batchSize(Listener listener) {
        int batchSize = listener.annotation().batchSize();
        if (batchSize != 0) {
            String problem = BatchListenerContainer.batchSizeProblem("batchSize", batchSize);
            if (problem != null) {
                throw new InvalidChannelListenerException(listener.describe(), problem, "Set batchSize to the most"
                        + " values a call may take, 1 or more, or leave it out for one value per call.");
            }
        }
        return batchSize;
    }

    /** The annotation's batch timeout, resolved and parsed: zero or more, and only with a batch size. */
    private Duration batchTimeout(Listener listener, int batchSize) {
        String given = listener.annotation().batchTimeout();
        if (given.isEmpty()) {
            return Duration.ZERO;
        }
        if (batchSize == 0) {
            throw new InvalidChannelListenerException(listener.describe(), "it sets batchTimeout ('" + given
                    + "') without batchSize", "Set batchSize too, to make it a batch listener, or leave batchTimeout out.");
        }
        String text = resolve(listener, "batchTimeout", given).strip();
        Duration timeout;
        try {
            timeout = DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException notADuration) {
            throw new InvalidChannelListenerException(listener.describe(), "batchTimeout '" + given + "' is '" + text
                    + "', which is not a duration", "Give a duration such as 100ms or 2s.");
        }
        String problem = BatchListenerContainer.batchTimeoutProblem("batchTimeout '" + given + "'", timeout);
        if (problem != null) {
            throw new InvalidChannelListenerException(listener.describe(), problem, "Give a duration of zero or more.");
        }
        return timeout;
    }

    /** The annotation's autoStartup, resolved: null to follow channels.listeners.auto-startup. */
    private Boolean autoStartup(Listener listener) {
        String given = listener.annotation().autoStartup();
        if (given.isEmpty()) {
            return null;
        }
        String value = resolve(listener, "autoStartup", given).strip();
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new InvalidChannelListenerException(listener.describe(), "autoStartup '" + given + "' is '" + value
                + "', which is neither true nor false", "Make it resolve to true or false, or leave it out to follow"
                        + " channels.listeners.auto-startup.");
    }

    /** The error handler bean the annotation names, or null. */
    private ChannelListenerErrorHandler errorHandler(Listener listener) {
        String given = listener.annotation().errorHandler();
        if (given.isEmpty()) {
            return null;
        }
        String name = resolve(listener, "errorHandler", given).strip();
        List<String> candidates = List.of(beanFactory.getBeanNamesForType(ChannelListenerErrorHandler.class));
        if (!beanFactory.containsBean(name)) {
            throw new InvalidChannelListenerException(listener.describe(), "its errorHandler '" + name + "' is no bean;"
                    + " the ChannelListenerErrorHandler beans are " + candidates, "Define a ChannelListenerErrorHandler"
                            + " bean named '" + name + "', or name one of those.");
        }
        try {
            return beanFactory.getBean(name, ChannelListenerErrorHandler.class);
        } catch (BeanNotOfRequiredTypeException notAHandler) {
            throw new InvalidChannelListenerException(listener.describe(), "its errorHandler '" + name + "' is a "
                    + notAHandler.getActualType().getName() + ", not a ChannelListenerErrorHandler; the"
                    + " ChannelListenerErrorHandler beans are " + candidates, "Name a ChannelListenerErrorHandler bean.");
        }
    }

    /** An attribute's placeholders resolved; an unresolvable one fails naming the attribute. */
    private String resolve(Listener listener, String attribute, String text) {
        try {
            String resolved = beanFactory.resolveEmbeddedValue(text);
            return resolved == null ? "" : resolved;
        } catch (IllegalArgumentException unresolvable) {
            throw new InvalidChannelListenerException(listener.describe(), attribute + " '" + text
                    + "' cannot be resolved: " + unresolvable.getMessage(), "Define the property it names, or give"
                            + " the placeholder a default.");
        }
    }

    /** The annotation's concurrency, or its concurrencyString resolved and parsed: 1 or more. */
    private int concurrency(Listener listener) {
        ChannelListener annotation = listener.annotation();
        String text = annotation.concurrencyString();
        int concurrency = text.isEmpty() ? annotation.concurrency() : parseConcurrency(listener, text);
        String problem = ChannelListenerContainer.concurrencyProblem(
                text.isEmpty() ? "concurrency" : "concurrencyString '" + text + "'", concurrency);
        if (problem != null) {
            throw new InvalidChannelListenerException(listener.describe(), problem,
                    "Set it to the number of threads that should consume the channel, 1 or more.");
        }
        return concurrency;
    }

    private int parseConcurrency(Listener listener, String text) {
        int fixed = listener.annotation().concurrency();
        if (fixed != 1) {
            throw new InvalidChannelListenerException(listener.describe(), "it sets both concurrency (" + fixed
                    + ") and concurrencyString ('" + text + "')",
                    "Set one of them: concurrency for a fixed number, concurrencyString for a placeholder.");
        }
        String resolved;
        try {
            resolved = beanFactory.resolveEmbeddedValue(text);
        } catch (IllegalArgumentException unresolvable) {
            throw new InvalidChannelListenerException(listener.describe(), "concurrencyString '" + text
                    + "' cannot be resolved: " + unresolvable.getMessage(), "Define the property it names, or give"
                            + " the placeholder a default, such as ${app.workers:4}.");
        }
        String value = resolved == null ? "" : resolved.strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notAnInt) {
            throw new InvalidChannelListenerException(listener.describe(), "concurrencyString '" + text + "' is '"
                    + value + "', which is not a whole number (up to " + Integer.MAX_VALUE + ")",
                    "Make it resolve to the number of threads that should consume the channel, 1 or more.");
        }
    }

    /** The channel a listener names: a registered one, or else a channel bean not registered yet. */
    private Channel<?> findChannel(String name, Listener listener) {
        ChannelRegistry registry = beanFactory.getBean(ChannelRegistry.class);
        try {
            return registry.require(name);
        } catch (NoSuchChannelException missing) {
            if (beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, Channel.class)) {
                return beanFactory.getBean(name, Channel.class);
            }
            throw new InvalidChannelListenerException(listener.describe(), "it listens to channel '" + name + "'. "
                    + missing.getMessage(), "Declare the channel under channels.instances." + name
                            + " or as a Channel bean named '" + name + "', or correct the name.", missing);
        }
    }

    /**
     * A batch listener takes a {@code List}; a channel bean with a declared element type must fit
     * the method's parameter (for a batch listener, the list's element type).
     */
    private void checkElementType(String channelName, Method method, Listener listener, boolean batch) {
        Class<?> parameterType = method.getParameterTypes()[0];
        Class<?> takes = parameterType;
        if (batch) {
            if (parameterType != List.class) {
                throw new InvalidChannelListenerException(listener.describe(), "it takes " + parameterType.getName()
                        + ", but a batch listener (batchSize = " + listener.annotation().batchSize() + ") takes a"
                        + " java.util.List of the channel's values", "Make the parameter a List, such as List<Order>,"
                                + " or leave batchSize out to take one value per call.");
            }
            takes = batchElementType(method);
        }
        if (!beanFactory.containsBeanDefinition(channelName)) {
            return;
        }
        Class<?> elementType = beanFactory.getMergedBeanDefinition(channelName).getResolvableType()
                .as(Channel.class).getGeneric(0).resolve();
        if (elementType != null && elementType != Object.class && !ClassUtils.isAssignable(takes, elementType)) {
            throw new InvalidChannelListenerException(listener.describe(), "it takes " + (batch ? "a List of " : "")
                    + takes.getName() + ", but channel '" + channelName + "' carries " + elementType.getName(),
                    "Make the " + (batch ? "list's element " : "parameter's ") + "type " + elementType.getName()
                            + " or a supertype of it, or correct the channel's element type.");
        }
    }

    /** The element type of a batch listener's {@code List} parameter; Object when it is raw or a wildcard. */
    static Class<?> batchElementType(Method method) {
        Class<?> element = ResolvableType.forMethodParameter(method, 0).as(List.class).getGeneric(0).resolve();
        return element != null ? element : Object.class;
    }

    private static void invoke(Method method, Object bean, Object value) throws Exception {
        try {
            method.invoke(bean, value);
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof Exception exception) {
                throw exception;
            }
            if (thrown.getCause() instanceof Error error) {
                throw error;
            }
            throw thrown;
        }
    }
}
