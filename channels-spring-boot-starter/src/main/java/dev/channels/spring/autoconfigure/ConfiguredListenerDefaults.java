package dev.channels.spring.autoconfigure;

import dev.channels.Channel;
import dev.channels.SendChannel;
import dev.channels.spring.listener.ChannelListenerDefaults;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.RetrySettings;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.NoSuchChannelException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The listener settings of {@code channels.*}, as {@link ChannelListenerDefaults}: whether
 * listeners start with the application ({@code channels.listeners.auto-startup}), each channel's
 * retries ({@code channels.defaults.listener.retry.*}, overridden field by field by
 * {@code channels.instances.<name>.listener.retry.*}) and dead-letter channel
 * ({@code channels.instances.<name>.listener.dead-letter}), and the application's
 * {@link ChannelListenerErrorHandler} bean, if it has one (or a primary one).
 *
 * <p>Every retry setting is checked when this is created, and every dead-letter channel once all
 * singletons exist (a dead-letter channel may be any registered channel); a bad one fails start-up
 * naming the property and the value.
 */
final class ConfiguredListenerDefaults implements ChannelListenerDefaults, SmartInitializingSingleton {
    private static final String DEFAULT_RETRY = "channels.defaults.listener.retry";

    private final ChannelsProperties properties;
    private final ChannelRegistry channels;
    private final Supplier<ChannelListenerErrorHandler> errorHandler;
    private final RetrySettings defaultRetry;
    private final Map<String, RetrySettings> retries = new HashMap<>();

    ConfiguredListenerDefaults(ChannelsProperties properties, ChannelRegistry channels,
            Supplier<ChannelListenerErrorHandler> errorHandler) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
        ChannelsProperties.Retry defaults = properties.getDefaults().getListener().getRetry();
        this.defaultRetry = retry(defaults.getMaxAttempts(), DEFAULT_RETRY, defaults.getBackoff(), DEFAULT_RETRY,
                defaults.getMultiplier(), DEFAULT_RETRY, defaults.getMaxBackoff(), DEFAULT_RETRY);
        properties.getInstances().forEach((name, instance) -> {
            if (instance != null) {
                retries.put(name, instanceRetry(name, instance.getListener().getRetry(), defaults));
            }
        });
    }

    /** An instance's retries: each setting it gives, else the default's; each checked naming where it came from. */
    private static RetrySettings instanceRetry(String name, ChannelsProperties.RetryOverride given,
            ChannelsProperties.Retry defaults) {
        String own = "channels.instances." + name + ".listener.retry";
        return retry(given.getMaxAttempts() != null ? given.getMaxAttempts() : defaults.getMaxAttempts(),
                given.getMaxAttempts() != null ? own : DEFAULT_RETRY,
                given.getBackoff() != null ? given.getBackoff() : defaults.getBackoff(),
                given.getBackoff() != null ? own : DEFAULT_RETRY,
                given.getMultiplier() != null ? given.getMultiplier() : defaults.getMultiplier(),
                given.getMultiplier() != null ? own : DEFAULT_RETRY,
                given.getMaxBackoff() != null ? given.getMaxBackoff() : defaults.getMaxBackoff(),
                given.getMaxBackoff() != null ? own : DEFAULT_RETRY);
    }

    private static RetrySettings retry(int maxAttempts, String maxAttemptsFrom, Duration backoff, String backoffFrom,
            double multiplier, String multiplierFrom, Duration maxBackoff, String maxBackoffFrom) {
        check(maxAttemptsFrom + ".max-attempts", maxAttempts, RetrySettings.maxAttemptsProblem(maxAttempts));
        check(backoffFrom + ".backoff", backoff, RetrySettings.backoffProblem(backoff));
        check(multiplierFrom + ".multiplier", multiplier, RetrySettings.multiplierProblem(multiplier));
        check(maxBackoffFrom + ".max-backoff", maxBackoff, RetrySettings.maxBackoffProblem(maxBackoff, backoff));
        return new RetrySettings(maxAttempts, backoff, multiplier, maxBackoff);
    }

    private static void check(String property, Object value, String problem) {
        if (problem != null) {
            throw new InvalidConfigurationPropertyValueException(property, value, capitalized(problem));
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public boolean autoStartup() {
        return properties.getListeners().isAutoStartup();
    }

    @Override
    public RetrySettings retry(String channelName) {
        return retries.getOrDefault(channelName, defaultRetry);
    }

    @Override
    @SuppressWarnings("unchecked")
    public SendChannel<? super DeadLetter<?>> deadLetter(String channelName) {
        return (SendChannel<? super DeadLetter<?>>) (SendChannel<?>) deadLetterChannel(channelName);
    }

    @Override
    public ChannelListenerErrorHandler errorHandler() {
        return errorHandler.get();
    }

    /** Checks every entry's dead-letter channel now that every channel bean is registered. */
    @Override
    public void afterSingletonsInstantiated() {
        properties.getInstances().keySet().forEach(this::deadLetterChannel);
    }

    /**
     * The dead-letter channel of {@code channelName}'s entry, checked: it must name a registered
     * channel other than the entry's own, and one that can carry dead letters.
     *
     * @return the channel, or null if the entry names none
     */
    private Channel<?> deadLetterChannel(String channelName) {
        ChannelsProperties.Instance instance = properties.getInstances().get(channelName);
        String target = instance == null ? null : instance.getListener().getDeadLetter();
        if (target == null) {
            return null;
        }
        String property = "channels.instances." + channelName + ".listener.dead-letter";
        if (target.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, target,
                    "A dead-letter channel is the name of a channel; leave the property out for none");
        }
        if (target.equals(channelName)) {
            throw new InvalidConfigurationPropertyValueException(property, target, "Channel '" + channelName
                    + "' cannot be its own dead-letter channel: name another channel, such as " + channelName + "-dead");
        }
        ChannelsProperties.Instance targetInstance = properties.getInstances().get(target);
        String elementType = targetInstance == null ? null : targetInstance.getElementType();
        if (elementType != null && !elementType.isBlank() && !elementType.strip().equals(DeadLetter.class.getName())
                && !elementType.strip().equals(Object.class.getName())) {
            throw new InvalidConfigurationPropertyValueException(property, target, "Channel '" + target + "' carries "
                    + elementType.strip() + " (channels.instances." + target + ".element-type); a dead-letter channel"
                    + " carries " + DeadLetter.class.getName() + ": give it that element type, or none");
        }
        try {
            return channels.require(target);
        } catch (NoSuchChannelException missing) {
            throw new InvalidConfigurationPropertyValueException(property, target, missing.getMessage() + ". A"
                    + " dead-letter channel may be a channel of channels.instances, a Channel bean or a channel"
                    + " registered with the ChannelRegistry before the application starts");
        }
    }
}
